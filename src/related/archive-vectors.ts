import type { Store } from '../store/index.ts'
import { INDEXABLE } from './feature-reading.ts'
import { scoringThreads } from './parallel-scoring.ts'
import { SparseVectors } from './sparse-vectors.ts'
import {
  type FeatureNames,
  readStoredFeatures,
  refreshStoredFeatures,
  type StoredFeatures,
} from './stored-features.ts'
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
 * (refreshed first: see refreshStoredFeatures): one pass over them counts how many posts
 * have each feature, a second weighs each post's. Rejected posts are left out.
 */
export async function archiveVectors(
  store: Store,
  options: RelatedOptions,
  onProgress?: OnRelatedProgress,
) {
  const states = await reviewStates(store)
  const total = states.posts - states.rejected
  const threads = options.threads ?? scoringThreads(total)
  const names = await refreshStoredFeatures(store, threads, (done, of) =>
    onProgress?.({ phase: 'reading', done, total: of }),
  )
  const stored = await readStoredFeatures(store, (done) =>
    onProgress?.({ phase: 'weighing', done, total: states.posts }),
  )
  const weights = archiveWeights(names, stored, states, options)
  const pick = vectorPicker(names, weights, options.bodyWords ?? 20)
  const vectors = new SparseVectors(weights, options)
  // 1 where readers can find the post (approved or needing no review), by post id; shared
  // with the scoring threads.
  const findable = new Uint8Array(new SharedArrayBuffer(states.maxId + 1))
  stored.forEach((id, features) => {
    const state = states.byId[id]
    // Past the end: written after the states were read, so unknown to this run.
    if (state === undefined || state === REJECTED) return
    vectors.add(id, pick(features))
    if (state === FINDABLE) findable[id] = 1
    if (vectors.size % 2000 === 0) onProgress?.({ phase: 'vectors', done: vectors.size, total })
  })
  onProgress?.({ phase: 'vectors', done: vectors.size, total })
  return { vectors, eligible: findableRule(findable), findable }
}

/** Each feature's weight by its number, from how many of the archive's posts (not rejected) have it. */
export function archiveWeights(
  names: FeatureNames,
  stored: StoredFeatures,
  states: ReviewStates,
  options: RelatedOptions,
): Float64Array {
  const frequencies = new Int32Array(names.limit)
  let posts = 0
  stored.forEach((id, features) => {
    const state = states.byId[id]
    if (state === undefined || state === REJECTED) return
    for (const feature of features) frequencies[feature]!++
    posts++
  })
  const counts = new Map<string, number>()
  for (let number = 0; number < names.limit; number++)
    if (frequencies[number]! > 0) counts.set(names.name(number)!, frequencies[number]!)
  const byName = weightsFromFrequencies(counts, posts, options)
  const weights = new Float64Array(names.limit)
  for (let number = 0; number < names.limit; number++)
    weights[number] = byName.get(names.name(number) ?? '') ?? 0
  return weights
}

/**
 * vectorOf over feature numbers: of a post's weighted features, all but body words, and its
 * `bodyWords` weightiest body words (equal weights by name). Body words are ranked once for
 * the archive, so a post's choice is a sort of small integers. The returned array is reused:
 * it is valid until the next call.
 */
export function vectorPicker(
  names: FeatureNames,
  weights: Float64Array,
  bodyWords: number,
): (features: Int32Array) => Int32Array {
  const body: number[] = []
  for (let number = 0; number < names.limit; number++)
    if (weights[number]! > 0 && names.name(number)!.startsWith('body:')) body.push(number)
  body.sort((x, y) => weights[y]! - weights[x]! || (names.name(x)! < names.name(y)! ? -1 : 1))
  const rank = new Int32Array(names.limit).fill(-1)
  for (const [r, number] of body.entries()) rank[number] = r
  let picked = new Int32Array(256)
  let ranks = new Int32Array(256)
  return (features) => {
    if (features.length > picked.length) {
      picked = new Int32Array(features.length * 2)
      ranks = new Int32Array(features.length * 2)
    }
    let count = 0
    let bodyCount = 0
    for (const feature of features) {
      if (!(weights[feature]! > 0)) continue
      if (rank[feature]! < 0) picked[count++] = feature
      else ranks[bodyCount++] = rank[feature]!
    }
    // A typed array sorts numbers natively, several times faster than an array with a comparator.
    if (bodyCount > bodyWords) ranks.subarray(0, bodyCount).sort()
    for (let r = 0; r < Math.min(bodyCount, bodyWords); r++) picked[count++] = body[ranks[r]!]!
    return picked.subarray(0, count)
  }
}

const FINDABLE = 0
const AWAITING_REVIEW = 1
const REJECTED = 2

/** Every post's review state as far as Similar Posts care, by post id, and how many there are. */
export interface ReviewStates {
  /** FINDABLE (0), AWAITING_REVIEW (1) or REJECTED (2); ids past the end are new since. */
  byId: Uint8Array
  maxId: number
  posts: number
  rejected: number
}

/**
 * Reads which posts readers cannot find (a third of a synthesized archive awaits review), by
 * post id in a flat array: a Map of them took longer to fill than the query took to run.
 */
export async function reviewStates(store: Store): Promise<ReviewStates> {
  const size = await store.db
    .selectFrom('posts')
    .select((eb) => [eb.fn.countAll<number>().as('posts'), eb.fn.max('id').as('maxId')])
    .executeTakeFirstOrThrow()
  const maxId = Number(size.maxId ?? 0)
  const byId = new Uint8Array(maxId + 1)
  let rejected = 0
  for (const row of await store.db
    .selectFrom('posts')
    .select(['id', 'review_state'])
    .where('review_state', 'not in', [...INDEXABLE])
    .execute()) {
    byId[row.id] = row.review_state === 'rejected' ? REJECTED : AWAITING_REVIEW
    if (row.review_state === 'rejected') rejected++
  }
  return { byId, maxId, posts: Number(size.posts), rejected }
}
