import type { FrozenVectors } from './sparse-vectors.ts'
import { byScore, type Neighbour } from './vectors.ts'

export interface ScorerOptions {
  /**
   * Score every post that shares a weighted feature (exact, what brute force finds) instead
   * of the blocked candidates; a million posts then take hours instead of minutes.
   */
  exact?: boolean
  /** A feature of at most this many posts brings all of them in as candidates (default 256). */
  rarePosts?: number
}

// Intersections kept per thread; one per pair of heavy features in use (616 in a synthesized
// archive: 44 problems × 14 stacks), about 6 KB each at a million posts.
const BLOCK_MEMO = 4096

/**
 * Scores posts against each other over frozen vectors; one per thread (it keeps scratch
 * arrays). A post's top k comes from its candidates:
 * - every post sharing one of its rare features (at most `rarePosts` posts each), and
 * - its block: the posts sharing both of its two heaviest common features (in a synthesized
 *   archive, its problem and its stack).
 * A post outside both lacks the heaviest part of the vector or shares only common, light
 * features, so it scores below the block's best: the recall test and benchmark measure how
 * often that holds. Where the candidates give fewer than k, the post is scored exactly.
 */
export class VectorScorer {
  /** Lists scored exactly because the candidates gave fewer than k (a health figure for tests). */
  fallbacks = 0

  private readonly vectors: FrozenVectors
  private readonly exact: boolean
  private readonly rarePosts: number
  private readonly dots: Float64Array
  private readonly touched: Int32Array
  private readonly seen: Int32Array
  private stamp = 0
  /** Per feature: its share of a dot product (weight²) while post i has it, else 0. */
  private readonly mine: Float64Array
  private readonly blocks = new Map<number, Int32Array>()

  constructor(vectors: FrozenVectors, options: ScorerOptions = {}) {
    this.vectors = vectors
    this.exact = options.exact ?? false
    this.rarePosts = options.rarePosts ?? 256
    this.dots = new Float64Array(vectors.ids.length)
    this.touched = new Int32Array(vectors.ids.length)
    this.seen = new Int32Array(vectors.ids.length)
    this.mine = new Float64Array(vectors.weights.length)
  }

  /**
   * Calls `visit` with every post sharing a weighted feature with post `i` and their cosine,
   * through the inverted index: a post sharing none scores 0, so this is every post with a
   * score. Cosine is symmetric: these are also `i`'s scores on each of their pages.
   */
  scan(i: number, visit: (j: number, score: number) => void): void {
    const { offsets, entries, norms, weights, starts, postings } = this.vectors
    const { dots, touched } = this
    let touchedCount = 0
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
      const feature = entries[e]!
      const share = weights[feature]! * weights[feature]!
      for (let p = starts[feature]!; p < starts[feature + 1]!; p++) {
        const j = postings[p]!
        if (j === i) continue
        if (dots[j] === 0) touched[touchedCount++] = j
        dots[j]! += share
      }
    }
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t]!
      const score = dots[j]! / (norms[i]! * norms[j]!)
      dots[j] = 0
      visit(j, score)
    }
  }

  /**
   * Calls `visit` once with each candidate of post `i` (see the class) and their cosine. The
   * candidate relation is symmetric wherever posts share their heaviest features, so these
   * are also the pages on which `i` may be suggested.
   */
  candidates(i: number, visit: (j: number, score: number) => void): void {
    if (this.exact) {
      this.scan(i, visit)
      return
    }
    const { offsets, entries, norms, weights, starts, postings } = this.vectors
    const { mine, seen, rarePosts } = this
    const stamp = ++this.stamp
    seen[i] = stamp
    const heavier = (f: number, g: number) =>
      weights[f]! > weights[g]! || (weights[f] === weights[g] && f < g)
    let first = -1
    let second = -1
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
      const f = entries[e]!
      mine[f] = weights[f]! * weights[f]!
      if (starts[f + 1]! - starts[f]! <= rarePosts) continue
      if (first === -1 || heavier(f, first)) {
        second = first
        first = f
      } else if (second === -1 || heavier(f, second)) second = f
    }
    const visitOnce = (j: number) => {
      if (seen[j] === stamp) return
      seen[j] = stamp
      let dot = 0
      for (let e = offsets[j]!; e < offsets[j + 1]!; e++) dot += mine[entries[e]!]!
      visit(j, dot / (norms[i]! * norms[j]!))
    }
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
      const f = entries[e]!
      if (starts[f + 1]! - starts[f]! > rarePosts) continue
      for (let p = starts[f]!; p < starts[f + 1]!; p++) visitOnce(postings[p]!)
    }
    if (first !== -1) {
      const block =
        second === -1
          ? postings.subarray(starts[first], starts[first + 1])
          : this.block(first, second)
      for (const j of block) visitOnce(j)
    }
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) mine[entries[e]!] = 0
  }

  /** Post `i`'s top k by score (ties by lower id), of the posts `eligible` allows. */
  topK(i: number, k: number, eligible: (self: number, candidate: number) => boolean): Neighbour[] {
    if (!this.exact) {
      const best = this.best(i, k, eligible, (visit) => this.candidates(i, visit))
      if (best.length === k) return best
      this.fallbacks++
    }
    return this.best(i, k, eligible, (visit) => this.scan(i, visit))
  }

  private best(
    i: number,
    k: number,
    eligible: (self: number, candidate: number) => boolean,
    each: (visit: (j: number, score: number) => void) => void,
  ): Neighbour[] {
    const { ids } = this.vectors
    const id = ids[i]!
    // One pass keeps the best k (a full sort of thousands of scored posts cost more than the
    // scoring); eligibility is asked only of posts that would enter the list.
    const best: Neighbour[] = []
    each((j, score) => {
      const candidate = { id: ids[j]!, score }
      if (best.length === k && byScore(candidate, best[k - 1]!) >= 0) return
      if (!eligible(id, candidate.id)) return
      let at = best.length
      while (at > 0 && byScore(candidate, best[at - 1]!) < 0) at--
      best.splice(at, 0, candidate)
      if (best.length > k) best.pop()
    })
    return best
  }

  /** The posts having both features: two sorted posting lists merged, kept for the next post. */
  private block(f: number, g: number): Int32Array {
    const key = Math.min(f, g) * this.vectors.weights.length + Math.max(f, g)
    let block = this.blocks.get(key)
    if (block) return block
    const { starts, postings } = this.vectors
    const both: number[] = []
    let p = starts[f]!
    let q = starts[g]!
    while (p < starts[f + 1]! && q < starts[g + 1]!) {
      const a = postings[p]!
      const b = postings[q]!
      if (a === b) both.push(a)
      if (a <= b) p++
      if (b <= a) q++
    }
    block = Int32Array.from(both)
    if (this.blocks.size >= BLOCK_MEMO) this.blocks.clear()
    this.blocks.set(key, block)
    return block
  }
}
