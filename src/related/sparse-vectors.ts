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

  /**
   * Each post's top-k neighbours by cosine, in the order posts were added, through an inverted
   * index: a post is compared only with posts sharing a weighted feature (exactly the
   * brute-force result, as one sharing none scores 0). Lazily, so a caller can store each list
   * as it comes instead of holding them all.
   */
  *neighbourLists(
    k: number,
    eligible: (self: number, candidate: number) => boolean,
  ): Generator<[number, Neighbour[]]> {
    const n = this.ids.length
    const { offsets, entries, norms } = this
    const weights = Float64Array.from(this.featureWeights)
    // Postings in the same flat layout: for each feature, the posts that have it.
    const counts = new Int32Array(weights.length + 1)
    for (let e = 0; e < offsets[n]!; e++) counts[entries[e]! + 1]!++
    for (let f = 0; f < weights.length; f++) counts[f + 1]! += counts[f]!
    const postingStart = counts.slice()
    const postings = new Int32Array(offsets[n]!)
    for (let i = 0; i < n; i++)
      for (let e = offsets[i]!; e < offsets[i + 1]!; e++) postings[postingStart[entries[e]!]!++] = i

    const dots = new Float64Array(n)
    const touched = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      let touchedCount = 0
      for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
        const feature = entries[e]!
        const share = weights[feature]! * weights[feature]!
        for (let p = counts[feature]!; p < counts[feature + 1]!; p++) {
          const j = postings[p]!
          if (j === i) continue
          if (dots[j] === 0) touched[touchedCount++] = j
          dots[j]! += share
        }
      }
      // One pass keeps the best k (a full sort of thousands of touched posts cost more than
      // the scoring); eligibility is asked only of posts that would enter the list.
      const id = this.ids[i]!
      const best: Neighbour[] = []
      for (let t = 0; t < touchedCount; t++) {
        const j = touched[t]!
        const candidate = { id: this.ids[j]!, score: dots[j]! / (norms[i]! * norms[j]!) }
        dots[j] = 0
        if (best.length === k && byScore(candidate, best[k - 1]!) >= 0) continue
        if (!eligible(id, candidate.id)) continue
        let at = best.length
        while (at > 0 && byScore(candidate, best[at - 1]!) < 0) at--
        best.splice(at, 0, candidate)
        if (best.length > k) best.pop()
      }
      yield [id, best]
    }
  }
}

function grow<T extends Int32Array | Float64Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length)
  bigger.set(array)
  return bigger
}
