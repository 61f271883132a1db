import { parentPort, workerData } from 'node:worker_threads'
import { openStore } from '../store/index.ts'
import type { VectorPart } from './sparse-vectors.ts'
import { type IdRange, readStoredFeatures, type StoredFeatures } from './stored-features.ts'
import { buildVectors, countFeatures, type VectorSetup } from './vector-parts.ts'
import type { ScorerOptions } from './vector-scorer.ts'

/** What the thread is given: which of the archive's ranges of post ids is its own. */
export interface VectorWorkerData {
  url: string
  thread: number
  threads: number
  options: ScorerOptions
}

/** What it is sent once the stored features are current: review states and the feature count. */
export interface VectorStart {
  states: Uint8Array
  maxId: number
  /** Feature numbers are below this. */
  limit: number
}

/** The thread's messages, in order: pages read, its counts, then its vectors. */
export type VectorWorkerMessage =
  | { kind: 'read'; done: number }
  | { kind: 'counted'; frequencies: Int32Array; posts: number }
  | { kind: 'built'; part: VectorPart }

const { url, thread, threads, options } = workerData as VectorWorkerData
const post = (message: VectorWorkerMessage, transfer: ArrayBuffer[] = []) =>
  parentPort!.postMessage(message, transfer)
const next = <T>() => new Promise<T>((resolve) => parentPort!.once('message', resolve))

const store = openStore(url, { readonly: true })
const { states, maxId, limit } = await next<VectorStart>()
const per = Math.ceil((maxId + 1) / threads)
// The last range is open-ended: posts written since the states were read are skipped there.
const range: IdRange = {
  from: thread * per,
  to: thread === threads - 1 ? 2 ** 31 - 1 : (thread + 1) * per,
}
let stored: StoredFeatures | undefined = await readStoredFeatures(store, range, (done) =>
  post({ kind: 'read', done }),
)
await store.close()
const { frequencies, posts } = countFeatures(stored, states, limit)
post({ kind: 'counted', frequencies, posts }, [frequencies.buffer as ArrayBuffer])
const setup = await next<VectorSetup>()
const vectors = buildVectors(stored, states, setup, options)
stored = undefined
// The part's arrays are shared memory: the main thread joins them without a copy here.
const part = vectors.part()
post({ kind: 'built', part }, [part.ids.buffer as ArrayBuffer])
