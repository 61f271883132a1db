import { on } from 'node:events'
import type { Worker } from 'node:worker_threads'
import { startWorker } from '../start-worker.ts'
import type { Store } from '../store/index.ts'
import { scoringThreads } from './parallel-scoring.ts'
import { archiveSize, FINDABLE, type ReviewStates, reviewStates } from './review-states.ts'
import { SparseVectors, type VectorPart } from './sparse-vectors.ts'
import { type FeatureNames, readStoredFeatures, refreshStoredFeatures } from './stored-features.ts'
import { bodyRanking, buildVectors, countFeatures, type VectorSetup } from './vector-parts.ts'
import type { VectorWorkerData, VectorWorkerMessage } from './vector-worker.ts'
import { findableRule, type RelatedOptions, weightsFromFrequencies } from './vectors.ts'

/** Where a long Similar Posts job is: which pass, and how many posts of how many it has done. */
export interface RelatedProgress {
  phase: 'reading' | 'weighing' | 'vectors' | 'scoring'
  done: number
  total: number
}

export type OnRelatedProgress = (progress: RelatedProgress) => void

/**
 * Every post's weighted vector and the review rule by post id, from the stored features
 * (refreshed first: see refreshStoredFeatures). One read of them counts how many posts have
 * each feature; then each post's vector is picked. With threads, each reads, counts and
 * picks a range of post ids, and the ranges' vectors are joined; `meanwhile` runs on this
 * thread while they read.
 */
export async function archiveVectors(
  store: Store,
  options: RelatedOptions,
  onProgress?: OnRelatedProgress,
  meanwhile: () => Promise<void> = async () => {},
) {
  const size = await archiveSize(store)
  const threads = options.threads ?? scoringThreads(size.posts)
  // Started first: loading their modules overlaps the reads below.
  const workers = threads > 1 ? startVectorThreads(store, threads, options) : []
  try {
    const states = await reviewStates(store, size)
    const total = states.posts - states.rejected
    const names = await refreshStoredFeatures(store, threads, (done, of) =>
      onProgress?.({ phase: 'reading', done, total: of }),
    )
    const build = { store, names, states, options, onProgress, meanwhile }
    const vectors = workers.length
      ? await vectorsOnThreads(build, workers)
      : await vectorsHere(build)
    onProgress?.({ phase: 'vectors', done: vectors.size, total })
    // 1 where readers can find the post (approved or needing no review), by post id; shared
    // with the scoring threads.
    const findable = new Uint8Array(new SharedArrayBuffer(states.maxId + 1))
    for (const id of vectors.ids) if (states.byId[id] === FINDABLE) findable[id] = 1
    return { vectors, eligible: findableRule(findable), findable }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}

/** The archive's feature weights by name (rejected posts left out), from its stored features. */
export async function archiveWeights(
  store: Store,
  options: RelatedOptions,
): Promise<Map<string, number>> {
  const names = await refreshStoredFeatures(store, 0)
  const states = await reviewStates(store)
  const stored = await readStoredFeatures(store)
  const { frequencies, posts } = countFeatures(stored, states.byId, names.limit)
  const byNumber = weightsByNumber(names, frequencies, posts, options)
  const weights = new Map<string, number>()
  for (let number = 0; number < names.limit; number++)
    if (byNumber[number]! > 0) weights.set(names.name(number)!, byNumber[number]!)
  return weights
}

interface VectorBuild {
  store: Store
  names: FeatureNames
  states: ReviewStates
  options: RelatedOptions
  onProgress: OnRelatedProgress | undefined
  meanwhile: () => Promise<void>
}

async function vectorsHere({ store, names, states, options, onProgress, meanwhile }: VectorBuild) {
  const stored = await readStoredFeatures(store, undefined, (done) =>
    onProgress?.({ phase: 'weighing', done, total: states.posts }),
  )
  const { frequencies, posts } = countFeatures(stored, states.byId, names.limit)
  await meanwhile()
  return buildVectors(stored, states.byId, vectorSetup(names, frequencies, posts, options), options)
}

// Each thread holds its range's features still encoded and then its vectors, both outside
// the JavaScript heap.
const WORKER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 }

/** One thread per range of post ids; each waits for the review states (see vector-worker.ts). */
function startVectorThreads(store: Store, threads: number, options: RelatedOptions): Worker[] {
  return Array.from({ length: threads }, (_, thread) =>
    startWorker(new URL('./vector-worker.ts', import.meta.url), {
      resourceLimits: WORKER_HEAP,
      workerData: {
        url: store.url,
        thread,
        threads,
        options: { exact: options.exact, rarePosts: options.rarePosts },
      } satisfies VectorWorkerData,
    }),
  )
}

async function vectorsOnThreads(
  { names, states, options, onProgress, meanwhile }: VectorBuild,
  workers: Worker[],
): Promise<SparseVectors> {
  const read = workers.map(() => 0)
  const streams = workers.map((worker, t) =>
    threadMessages(worker, (done) => {
      read[t] = done
      onProgress?.({ phase: 'weighing', done: read.reduce((a, b) => a + b), total: states.posts })
    }),
  )
  for (const worker of workers)
    worker.postMessage({ states: states.byId, maxId: states.maxId, limit: names.limit })
  const [counted] = await Promise.all([
    Promise.all(streams.map((stream) => nextOf(stream, 'counted'))),
    meanwhile(),
  ])
  const frequencies = new Int32Array(names.limit)
  let posts = 0
  for (const part of counted) {
    for (let f = 0; f < frequencies.length; f++) frequencies[f]! += part.frequencies[f]!
    posts += part.posts
  }
  const setup = vectorSetup(names, frequencies, posts, options)
  for (const worker of workers) worker.postMessage(setup)
  const parts: VectorPart[] = []
  for (const built of await Promise.all(streams.map((stream) => nextOf(stream, 'built'))))
    parts.push(built.part)
  // Done with them: their encoded features go before the joined copy is made.
  await Promise.all(workers.map((worker) => worker.terminate()))
  return SparseVectors.joined(setup.weights, parts, options)
}

/** A thread's messages other than progress, which go to `onRead`; ends with an error if it fails. */
async function* threadMessages(
  worker: Worker,
  onRead: (done: number) => void,
): AsyncGenerator<VectorWorkerMessage> {
  for await (const [message] of on(worker, 'message', { close: ['exit'] })) {
    const typed = message as VectorWorkerMessage
    if (typed.kind === 'read') onRead(typed.done)
    else yield typed
  }
  throw new Error('a Similar Posts thread stopped before it was done')
}

async function nextOf<Kind extends VectorWorkerMessage['kind']>(
  stream: AsyncGenerator<VectorWorkerMessage>,
  kind: Kind,
): Promise<Extract<VectorWorkerMessage, { kind: Kind }>> {
  const next = await stream.next()
  if (next.done || next.value.kind !== kind)
    throw new Error(
      `a Similar Posts thread sent ${next.done ? 'nothing' : next.value.kind}, not ${kind}`,
    )
  return next.value as Extract<VectorWorkerMessage, { kind: Kind }>
}

/** Weights from the archive's counts, and the body-word ranking every post's vector needs. */
function vectorSetup(
  names: FeatureNames,
  frequencies: Int32Array,
  posts: number,
  options: RelatedOptions,
): VectorSetup {
  const weights = weightsByNumber(names, frequencies, posts, options)
  return { weights, ranking: bodyRanking(names, weights), bodyWords: options.bodyWords ?? 20 }
}

/** Each feature's weight by its number, from how many of `posts` posts have it. */
function weightsByNumber(
  names: FeatureNames,
  frequencies: Int32Array,
  posts: number,
  options: RelatedOptions,
): Float64Array {
  const counts = new Map<string, number>()
  for (let number = 0; number < names.limit; number++)
    if (frequencies[number]! > 0) counts.set(names.name(number)!, frequencies[number]!)
  const byName = weightsFromFrequencies(counts, posts, options)
  const weights = new Float64Array(names.limit)
  for (let number = 0; number < names.limit; number++)
    weights[number] = byName.get(names.name(number) ?? '') ?? 0
  return weights
}
