import { MessageChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads'
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
  /** The jobs' results, in order, in parts as they are ready; to be iterated once. */
  prepare(jobs: readonly PrepareJob[]): AsyncIterable<Prepared[]>
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

/** What the parser thread starts with. */
export interface PreparerData {
  settings: PrepareSettings
  /** Where its results go; the importer takes them from the other end when it writes them. */
  replies: MessagePort
  /** How many parts it has posted to `replies`, counted after each post. */
  posted: Int32Array
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
    prepare: (jobs) => onePart(jobs.map((job) => prepareRecord(job, settings))),
    close: async () => {},
  }
}

async function* onePart(results: Prepared[]): AsyncIterable<Prepared[]> {
  if (results.length > 0) yield results
}

// biome-ignore lint/correctness/useYield: a batch the failed thread will never answer
async function* thrown(error: Error): AsyncIterable<Prepared[]> {
  throw error
}

/**
 * Prepares on a worker thread. Its results wait in a channel nothing listens on, serialized
 * outside the heap, until the importer takes each part to write it: delivered as they
 * arrived, the parts of the batch ahead were deserialized while the writer was still busy
 * and, living that long, were promoted into the old generation (docs/performance/import.md).
 */
export function workerPreparer(settings: PrepareSettings): RecordPreparer {
  const { port1: replies, port2: theirs } = new MessageChannel()
  const posted = new Int32Array(new SharedArrayBuffer(4))
  const worker = startWorker(new URL('./prepare-worker.ts', import.meta.url), {
    resourceLimits: WORKER_HEAP,
    workerData: { settings, replies: theirs, posted } satisfies PreparerData,
    transferList: [theirs],
  })
  let failure: Error | undefined
  const stopped = Promise.withResolvers<void>()
  const fail = (error: Error) => {
    failure ??= error
    stopped.resolve()
  }
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`the record parser thread stopped (exit ${code})`)))
  let nextId = 0

  const take = async (): Promise<PrepareReply> => {
    for (;;) {
      const count = Atomics.load(posted, 0)
      const received = receiveMessageOnPort(replies)
      if (received) return received.message as PrepareReply
      if (failure) throw failure
      // Not equal, at once, if a part was posted since the count was read.
      const waiting = Atomics.waitAsync(posted, 0, count)
      if (waiting.async) await Promise.race([waiting.value, stopped.promise])
    }
  }

  async function* parts(id: number): AsyncIterable<Prepared[]> {
    for (;;) {
      const { id: answered, results, last } = await take()
      if (answered !== id)
        throw new Error(`the record parser answered batch ${answered} where ${id} was due`)
      if (results.length > 0) yield results
      if (last) return
    }
  }

  return {
    prepare(jobs) {
      if (failure) return thrown(failure)
      // A re-import holds most batches' records already: nothing to send.
      if (jobs.length === 0) return onePart([])
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
      worker.postMessage(message, [bytes.buffer])
      return parts(id)
    },
    async close() {
      worker.removeAllListeners('exit')
      await worker.terminate()
      replies.close()
    },
  }
}
