import { Worker } from 'node:worker_threads'
import type { FindKnownSources } from '../store/index.ts'
import {
  findStored,
  type Prepared,
  type PrepareJob,
  type PrepareSettings,
  prepareRecord,
  type Stored,
} from './prepare-record.ts'
import type { RecordFormat } from './read-records.ts'

/** What became of one record: stored already as read, or parsed (or the reason it is bad). */
export type Outcome = Prepared | Stored

/**
 * Turns raw records into post records, either here or on a worker thread. Each batch's
 * records are first hashed and looked up, so that those stored already as read are not
 * parsed; a first load asks for no lookup. On the worker, the next batch is hashed, looked
 * up, parsed and validated while this thread writes the last one: on two cores that hides
 * parsing (about a quarter of a first import) and most of a re-import's reading behind the
 * database.
 */
export interface RecordPreparer {
  /** One outcome for each job, in order. */
  prepare(jobs: readonly PrepareJob[], options: { lookUp: boolean }): Promise<Outcome[]>
  close(): Promise<void>
}

/** A batch as sent to the worker: every record's bytes in one transferred buffer. */
export interface PrepareMessage {
  id: number
  bytes: Uint8Array
  /** Where each record's bytes end in `bytes`. */
  ends: number[]
  formats: RecordFormat[]
  lookUp: boolean
}

/** Some of a batch's outcomes, in order; the last part ends the batch. */
export interface PrepareReply {
  id: number
  outcomes: Outcome[]
  last: boolean
  /** Set instead when the batch failed (its lookup, say): the import stops with it. */
  error?: string
}

export interface WorkerSettings extends PrepareSettings {
  /** The store's URL: the worker opens it read-only for its lookups. */
  url: string
}

// A batch holds at most a few MiB of records. Under the CLI its heap flags bound this thread
// instead: V8 lets process-wide flags win over resourceLimits (README, Memory).
const WORKER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 }

export function inlinePreparer(
  settings: PrepareSettings,
  findKnown: FindKnownSources,
): RecordPreparer {
  return {
    prepare: async (jobs, { lookUp }) => {
      const { fingerprints, stored } = await findStored(
        jobs,
        settings,
        lookUp ? findKnown : undefined,
      )
      return jobs.map((job, i) => {
        const id = stored[i]
        return id !== undefined
          ? { ok: true, stored: id }
          : prepareRecord({ ...job, sourceFingerprint: fingerprints[i] }, settings)
      })
    },
    close: async () => {},
  }
}

export function workerPreparer(settings: WorkerSettings): RecordPreparer {
  const worker = new Worker(new URL('./prepare-worker.ts', import.meta.url), {
    resourceLimits: WORKER_HEAP,
    workerData: settings,
  })
  const waiting = new Map<
    number,
    {
      resolve: (outcomes: Outcome[]) => void
      reject: (error: Error) => void
      parts: Outcome[][]
    }
  >()
  let failure: Error | undefined
  const fail = (error: Error) => {
    failure ??= error
    for (const { reject } of waiting.values()) reject(failure)
    waiting.clear()
  }
  worker.on('message', ({ id, outcomes, last, error }: PrepareReply) => {
    if (error !== undefined) return fail(new Error(`the record parser thread failed: ${error}`))
    const batch = waiting.get(id)
    if (!batch) return
    batch.parts.push(outcomes)
    if (!last) return
    batch.resolve(batch.parts.flat())
    waiting.delete(id)
  })
  worker.on('error', fail)
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      fail(new Error(`the record parser thread stopped (exit ${code})`))
      resolve()
    }),
  )
  let nextId = 0

  return {
    prepare(jobs, { lookUp }) {
      if (failure) return Promise.reject(failure)
      if (jobs.length === 0) return Promise.resolve([])
      const id = nextId++
      // Its own memory, never Node's shared buffer pool: transferring detaches it here.
      const bytes = new Uint8Array(jobs.reduce((sum, job) => sum + job.bytes.length, 0))
      const ends: number[] = []
      let end = 0
      for (const job of jobs) {
        bytes.set(job.bytes, end)
        end += job.bytes.length
        ends.push(end)
      }
      const message: PrepareMessage = {
        id,
        bytes,
        ends,
        formats: jobs.map((job) => job.format),
        lookUp,
      }
      return new Promise<Outcome[]>((resolve, reject) => {
        waiting.set(id, { resolve, reject, parts: [] })
        worker.postMessage(message, [bytes.buffer])
      })
    },
    // The thread closes its own connection to the store, then ends.
    async close() {
      if (!failure) worker.postMessage('close')
      else void worker.terminate()
      await exited
    },
  }
}
