import { startWorker } from '../start-worker.ts'
import {
  type Prepared,
  type PrepareJob,
  type PrepareSettings,
  prepareRecord,
} from './prepare-record.ts'
import type { RecordFormat } from './read-records.ts'

/**
 * Turns raw records into post records, either here or on a worker thread. On the worker,
 * the next batch is parsed and validated while this thread writes the last one: on two
 * cores that hides parsing (about a quarter of a first import) behind the database.
 */
export interface RecordPreparer {
  prepare(jobs: readonly PrepareJob[]): Promise<Prepared[]>
  close(): Promise<void>
}

/** A batch as sent to the worker: every record's bytes in one transferred buffer. */
export interface PrepareMessage {
  id: number
  bytes: Uint8Array
  /** Where each record's bytes end in `bytes`. */
  ends: number[]
  formats: RecordFormat[]
  fingerprints: Array<string | undefined>
}

/** Some of a batch's results, in order; the last part ends the batch. */
export interface PrepareReply {
  id: number
  results: Prepared[]
  last: boolean
}

// A batch holds at most a few MiB of records. Under the CLI its heap flags bound this thread
// instead: V8 lets process-wide flags win over resourceLimits (README, Memory).
const WORKER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 }

export function inlinePreparer(settings: PrepareSettings): RecordPreparer {
  return {
    prepare: async (jobs) => jobs.map((job) => prepareRecord(job, settings)),
    close: async () => {},
  }
}

export function workerPreparer(settings: PrepareSettings): RecordPreparer {
  const worker = startWorker(new URL('./prepare-worker.ts', import.meta.url), {
    resourceLimits: WORKER_HEAP,
    workerData: settings,
  })
  const waiting = new Map<
    number,
    {
      resolve: (results: Prepared[]) => void
      reject: (error: Error) => void
      parts: Prepared[][]
    }
  >()
  let failure: Error | undefined
  const fail = (error: Error) => {
    failure ??= error
    for (const { reject } of waiting.values()) reject(failure)
    waiting.clear()
  }
  worker.on('message', ({ id, results, last }: PrepareReply) => {
    const batch = waiting.get(id)
    if (!batch) return
    batch.parts.push(results)
    if (!last) return
    batch.resolve(batch.parts.flat())
    waiting.delete(id)
  })
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`the record parser thread stopped (exit ${code})`)))
  let nextId = 0

  return {
    prepare(jobs) {
      if (failure) return Promise.reject(failure)
      // A re-import holds most batches' records already: nothing to send.
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
        fingerprints: jobs.map((job) => job.sourceFingerprint),
      }
      return new Promise<Prepared[]>((resolve, reject) => {
        waiting.set(id, { resolve, reject, parts: [] })
        worker.postMessage(message, [bytes.buffer])
      })
    },
    async close() {
      worker.removeAllListeners('exit')
      await worker.terminate()
    },
  }
}
