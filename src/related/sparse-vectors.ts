import { byScore, type Neighbour, vectorOf } from './vectors.ts'

/**
 * Every post's weighted vector in a few flat typed arrays (compressed sparse rows): feature
 * numbers instead of strings, no object per post. A million posts of about thirty weighted
 * features each fit in some 120 MB outside the JavaScript heap, where string arrays per
 * post ran a 256 MB heap out of memory at 100,000.
 */
export class SparseVectors {
  /** Post ids, in the order they were added. */
  readonly ids: number[] = []
  private offsets = new Int32Array(1024)
  private entries = new Int32Array(16 * 1024)
  private norms = new Float64Array(1024)
  private readonly numbers = new Map<string, number>()
  private readonly featureWeights: number[] = []

  private readonly weights: ReadonlyMap<string, number>
  private readonly bodyWords: number | undefined

  constructor(weights: ReadonlyMap<string, number>, bodyWords?: number) {
    this.weights = weights
    this.bodyWords = bodyWords
  }

  get size(): number {
    return this.ids.length
  }

  /** Adds a post by its features (strings); only the ones that weigh something are kept. */
  add(id: number, features: readonly string[]): void {
    if (this.built) throw new Error('SparseVectors: every post is added before the first scan')
    const vector = vectorOf(features, this.weights, this.bodyWords)
    const i = this.ids.length
    this.ids.push(id)
    if (i + 2 > this.offsets.length) {
      this.offsets = grow(this.offsets, this.offsets.length * 2)
      this.norms = grow(this.norms, this.norms.length * 2)
    }
    const start = this.offsets[i]!
    const end = start + vector.entries.length
    if (end > this.entries.length)
      this.entries = grow(this.entries, Math.max(end, this.entries.length * 2))
    vector.entries.forEach(([feature, weight], at) => {
      let number = this.numbers.get(feature)
      if (number === undefined) {
        number = this.featureWeights.length
        this.numbers.set(feature, number)
        this.featureWeights.push(weight)
      }
      this.entries[start + at] = number
    })
    this.offsets[i + 1] = end
    this.norms[i] = vector.norm
  }

  /** The index of a post added under `id`, or undefined. */
  indexOf(id: number): number | undefined {
    if (!this.positions) {
      this.positions = new Map()
      for (const [i, postId] of this.ids.entries()) this.positions.set(postId, i)
    }
    return this.positions.get(id)
  }

  /**
   * Calls `visit` with every post sharing a weighted feature with post `i` and their cosine,
   * through an inverted index: a post sharing none scores 0, so this is every post with a
   * score. Cosine is symmetric: these are also `i`'s scores on each of their pages.
   */
  scan(i: number, visit: (j: number, score: number) => void): void {
    const index = this.index()
    const { offsets, entries, norms } = this
    let touchedCount = 0
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
      const feature = entries[e]!
      const share = index.weights[feature]! * index.weights[feature]!
      for (let p = index.starts[feature]!; p < index.starts[feature + 1]!; p++) {
        const j = index.postings[p]!
        if (j === i) continue
        if (index.dots[j] === 0) index.touched[touchedCount++] = j
        index.dots[j]! += share
      }
    }
    for (let t = 0; t < touchedCount; t++) {
      const j = index.touched[t]!
      const score = index.dots[j]! / (norms[i]! * norms[j]!)
      index.dots[j] = 0
      visit(j, score)
    }
  }

  /** Post `i`'s top k by score (ties by lower id), of the posts `eligible` allows. */
  topK(i: number, k: number, eligible: (self: number, candidate: number) => boolean): Neighbour[] {
    const id = this.ids[i]!
    // One pass keeps the best k (a full sort of thousands of touched posts cost more than
    // the scoring); eligibility is asked only of posts that would enter the list.
    const best: Neighbour[] = []
    this.scan(i, (j, score) => {
      const candidate = { id: this.ids[j]!, score }
      if (best.length === k && byScore(candidate, best[k - 1]!) >= 0) return
      if (!eligible(id, candidate.id)) return
      let at = best.length
      while (at > 0 && byScore(candidate, best[at - 1]!) < 0) at--
      best.splice(at, 0, candidate)
      if (best.length > k) best.pop()
    })
    return best
  }

  /** Every post's top k, in the order posts were added; lazily, so each can be stored as it comes. */
  *neighbourLists(
    k: number,
    eligible: (self: number, candidate: number) => boolean,
  ): Generator<[number, Neighbour[]]> {
    for (let i = 0; i < this.ids.length; i++) yield [this.ids[i]!, this.topK(i, k, eligible)]
  }

  private positions: Map<number, number> | undefined
  private built:
    | {
        weights: Float64Array
        starts: Int32Array
        postings: Int32Array
        dots: Float64Array
        touched: Int32Array
      }
    | undefined

  /** Postings in the same flat layout, built once all posts are added: per feature, its posts. */
  private index() {
    if (this.built) return this.built
    const n = this.ids.length
    const { offsets, entries } = this
    const weights = Float64Array.from(this.featureWeights)
    const starts = new Int32Array(weights.length + 1)
    for (let e = 0; e < offsets[n]!; e++) starts[entries[e]! + 1]!++
    for (let f = 0; f < weights.length; f++) starts[f + 1]! += starts[f]!
    const fill = starts.slice()
    const postings = new Int32Array(offsets[n]!)
    for (let i = 0; i < n; i++)
      for (let e = offsets[i]!; e < offsets[i + 1]!; e++) postings[fill[entries[e]!]!++] = i
    this.built = {
      weights,
      starts,
      postings,
      dots: new Float64Array(n),
      touched: new Int32Array(n),
    }
    return this.built
  }
}

function grow<T extends Int32Array | Float64Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length)
  bigger.set(array)
  return bigger
}
