import { takesPart } from './review-states.ts'
import { SparseVectors } from './sparse-vectors.ts'
import type { FeatureNames, StoredFeatures } from './stored-features.ts'
import type { ScorerOptions } from './vector-scorer.ts'

/** Weighted body words, weightiest first (equal weights by name), and each one's place. */
export interface BodyRanking {
  /** Feature numbers, in rank order. */
  body: Int32Array
  /** Rank by feature number; -1 for features that are not weighted body words. */
  rank: Int32Array
}

/** How many of these posts (rejected ones left out) have each feature, by feature number. */
export function countFeatures(
  stored: StoredFeatures,
  states: Uint8Array,
  limit: number,
): { frequencies: Int32Array; posts: number } {
  const frequencies = new Int32Array(limit)
  let posts = 0
  stored.forEach((id, features) => {
    if (!takesPart(states, id)) return
    for (const feature of features) frequencies[feature]!++
    posts++
  })
  return { frequencies, posts }
}

/** Ranks the archive's weighted body words once, for every post's choice (see vectorPicker). */
export function bodyRanking(names: FeatureNames, weights: Float64Array): BodyRanking {
  const body: number[] = []
  for (let number = 0; number < names.limit; number++)
    if (weights[number]! > 0 && names.name(number)!.startsWith('body:')) body.push(number)
  body.sort((x, y) => weights[y]! - weights[x]! || (names.name(x)! < names.name(y)! ? -1 : 1))
  const rank = new Int32Array(names.limit).fill(-1)
  for (const [r, number] of body.entries()) rank[number] = r
  return { body: Int32Array.from(body), rank }
}

/**
 * vectorOf over feature numbers: of a post's weighted features, all but body words, and its
 * `bodyWords` best ranked body words. The returned array is reused: it is valid until the
 * next call.
 */
export function vectorPicker(
  weights: Float64Array,
  { body, rank }: BodyRanking,
  bodyWords: number,
): (features: Int32Array) => Int32Array {
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

/** What a thread needs to turn its posts' features into vectors. */
export interface VectorSetup {
  weights: Float64Array
  ranking: BodyRanking
  bodyWords: number
}

/** These posts' vectors (rejected ones left out), in id order. */
export function buildVectors(
  stored: StoredFeatures,
  states: Uint8Array,
  { weights, ranking, bodyWords }: VectorSetup,
  options: ScorerOptions = {},
): SparseVectors {
  const pick = vectorPicker(weights, ranking, bodyWords)
  const vectors = new SparseVectors(weights, options)
  // Most of a synthesized post's vector is its body words; the rest grows by half at a time.
  vectors.reserve(stored.size, stored.size * (bodyWords + 4))
  stored.forEach((id, features) => {
    if (takesPart(states, id)) vectors.add(id, pick(features))
  })
  return vectors
}
