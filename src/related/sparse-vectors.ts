import {
  blockOf,
  RARE_POSTS,
  type ScorerOptions,
  scoringGroups,
  VectorScorer,
} from './vector-scorer.ts'
import type { Neighbour } from './vectors.ts'

/**
 * Every post's weighted vector in a few flat typed arrays (compressed sparse rows): feature
 * numbers instead of strings, no object per post. A million posts of about thirty weighted
 * features each fit in some 120 MB outside the JavaScript heap, where string arrays per
 * post ran a 256 MB heap out of memory at 100,000.
 */
export class SparseVectors {
  /** Post ids, in the order they were added. */
  readonly ids: number[] = []
  // In shared memory from the start: scoring threads then read these very arrays, and
  // freezing copies nothing (a copy was 190 MB more at a million posts).
  private offsets = shared(Int32Array, 1024)
  private entries = shared(Int32Array, 16 * 1024)
  private norms = shared(Float64Array, 1024)

  private readonly weights: Float64Array
  private readonly options: ScorerOptions

  /** `weights`: each feature's weight by its number; features that weigh nothing are never added. */
  constructor(weights: Float64Array, options: ScorerOptions = {}) {
    this.weights = weights
    this.options = options
  }

  get size(): number {
    return this.ids.length
  }

  /** Makes room for `posts` posts of `entries` features in all, so adding them copies nothing. */
  reserve(posts: number, entries: number): void {
    if (posts + 1 > this.offsets.length) {
      this.offsets = grow(this.offsets, posts + 1)
      this.norms = grow(this.norms, posts + 1)
    }
    if (entries > this.entries.length) this.entries = grow(this.entries, entries)
  }

  /** The vectors added so far as arrays another thread can join to its own (see `joined`). */
  part(): VectorPart {
    const n = this.ids.length
    return {
      ids: Int32Array.from(this.ids),
      offsets: this.offsets.subarray(0, n + 1),
      entries: this.entries.subarray(0, this.offsets[n]!),
      norms: this.norms.subarray(0, n),
    }
  }

  /** Vectors built in parts (by several threads), as one set in the parts' order. */
  static joined(
    weights: Float64Array,
    parts: readonly VectorPart[],
    options: ScorerOptions = {},
  ): SparseVectors {
    const vectors = new SparseVectors(weights, options)
    let posts = 0
    let entries = 0
    for (const part of parts) {
      posts += part.norms.length
      entries += part.entries.length
    }
    vectors.reserve(posts, entries)
    let at = 0
    for (const part of parts) {
      const n = part.norms.length
      const base = vectors.offsets[at]!
      vectors.entries.set(part.entries, base)
      for (let i = 1; i <= n; i++) vectors.offsets[at + i] = base + part.offsets[i]!
      vectors.norms.set(part.norms, at)
      for (const id of part.ids) vectors.ids.push(id)
      at += n
    }
    return vectors
  }

  /** Adds a post by the numbers of the features of its vector (see vectorOf), in any order. */
  add(id: number, features: ArrayLike<number>): void {
    if (this.built) throw new Error('SparseVectors: every post is added before the first scan')
    const i = this.ids.length
    this.ids.push(id)
    if (i + 2 > this.offsets.length) {
      this.offsets = grow(this.offsets, this.offsets.length * 1.5)
      this.norms = grow(this.norms, this.norms.length * 1.5)
    }
    const start = this.offsets[i]!
    const end = start + features.length
    // By half again, not double: these arrays are a million posts' worth.
    if (end > this.entries.length)
      this.entries = grow(this.entries, Math.max(end, this.entries.length * 1.5))
    const entries = this.entries.subarray(start, end)
    entries.set(features)
    // In feature order, a pair's shared weights add up in the same order from either side,
    // so both posts of a pair get the same score to the last bit (see VectorScorer).
    entries.sort()
    let squares = 0
    for (const feature of entries) squares += this.weights[feature]! * this.weights[feature]!
    this.offsets[i + 1] = end
    this.norms[i] = Math.sqrt(squares)
  }

  /** The index of a post added under `id`, or undefined. */
  indexOf(id: number): number | undefined {
    if (!this.positions) {
      // By id in a flat array: a Map of a million entries took a third of a second to fill.
      let last = 0
      for (const postId of this.ids) last = Math.max(last, postId)
      this.positions = new Int32Array(last + 1).fill(-1)
      for (const [i, postId] of this.ids.entries()) this.positions[postId] = i
    }
    const i = this.positions[id]
    return i === undefined || i === -1 ? undefined : i
  }

  /** Calls `visit` with every post sharing a weighted feature with post `i`, and their cosine. */
  scan(i: number, visit: (j: number, score: number) => void): void {
    this.scorer().scan(i, visit)
  }

  /** Calls `visit` with each candidate of post `i` for its list, and their cosine (see VectorScorer). */
  candidates(i: number, visit: (j: number, score: number) => void): void {
    this.scorer().candidates(i, visit)
  }

  /** Post `i`'s top k by score (ties by lower id), of the posts `eligible` allows. */
  topK(i: number, k: number, eligible: (self: number, candidate: number) => boolean): Neighbour[] {
    return this.scorer().topK(i, k, eligible)
  }

  /**
   * Post indexes reordered so that posts of the same block (see VectorScorer) come one after
   * another: scoring one after the other, the block's vectors are still in the processor's
   * cache. A thousand new posts of a million-post archive scored in 0.4 s instead of 0.65 s.
   */
  inBlockOrder(indexes: readonly number[]): number[] {
    const frozen = this.frozen()
    const rarePosts = this.options.rarePosts ?? RARE_POSTS
    const keys = new Map<number, number>()
    for (const i of indexes) {
      const { first, second } = blockOf(frozen, i, rarePosts)
      keys.set(i, (first + 1) * (frozen.weights.length + 1) + second + 1)
    }
    return [...indexes].sort((a, b) => keys.get(a)! - keys.get(b)! || a - b)
  }

  /** `topK`, calling `visit` with each candidate on the way (see VectorScorer.topKWithCandidates). */
  topKWithCandidates(
    i: number,
    k: number,
    eligible: (self: number, candidate: number) => boolean,
    visit: (j: number, score: number) => void,
  ): Neighbour[] {
    return this.scorer().topKWithCandidates(i, k, eligible, visit)
  }

  /**
   * Every post's top k as [post index, list] (`ids` gives its id), block by block (see
   * scoringGroups); lazily, so each can be stored as it comes.
   */
  *neighbourLists(
    k: number,
    eligible: (self: number, candidate: number) => boolean,
  ): Generator<[number, Neighbour[]]> {
    const scorer = this.scorer()
    for (const group of scoringGroups(this.frozen(), this.options)) {
      const lists = scorer.groupTopK(group, k, eligible)
      for (const [m, list] of lists.entries()) yield [group.members[m]!, list]
    }
  }

  /**
   * The finished vectors and their inverted index, in shared memory: scoring threads read
   * them where they are instead of each holding a copy. Adding posts ends here.
   */
  frozen(): FrozenVectors {
    if (this.built) return this.built
    const n = this.ids.length
    const { offsets, entries } = this
    const weights = shared(Float64Array, this.weights.length)
    weights.set(this.weights)
    const starts = shared(Int32Array, weights.length + 1)
    for (let e = 0; e < offsets[n]!; e++) starts[entries[e]! + 1]!++
    for (let f = 0; f < weights.length; f++) starts[f + 1]! += starts[f]!
    const fill = starts.slice()
    const postings = shared(Int32Array, offsets[n]!)
    for (let i = 0; i < n; i++)
      for (let e = offsets[i]!; e < offsets[i + 1]!; e++) postings[fill[entries[e]!]!++] = i
    const ids = shared(Int32Array, n)
    ids.set(this.ids)
    this.built = {
      ids,
      offsets: offsets.subarray(0, n + 1),
      entries: entries.subarray(0, offsets[n]!),
      norms: this.norms.subarray(0, n),
      weights,
      starts,
      postings,
    }
    return this.built
  }

  private positions: Int32Array | undefined
  private built: FrozenVectors | undefined
  private scoring: VectorScorer | undefined

  private scorer(): VectorScorer {
    this.scoring ??= new VectorScorer(this.frozen(), this.options)
    return this.scoring
  }
}

/** Some posts' vectors as compressed sparse rows: post p's features are entries[offsets[p]] ... */
export interface VectorPart {
  ids: Int32Array
  offsets: Int32Array
  entries: Int32Array
  norms: Float64Array
}

/** Vectors as compressed sparse rows, and per feature the posts that have it. */
export interface FrozenVectors {
  /** Post id of each vector. */
  ids: Int32Array
  /** Vector i's feature numbers are entries[offsets[i]] .. entries[offsets[i + 1] - 1]. */
  offsets: Int32Array
  entries: Int32Array
  norms: Float64Array
  /** Weight of each feature number. */
  weights: Float64Array
  /** Feature f's posts are postings[starts[f]] .. postings[starts[f + 1] - 1]. */
  starts: Int32Array
  postings: Int32Array
}

function shared<T extends Int32Array | Float64Array>(
  type: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new type(new SharedArrayBuffer(length * type.BYTES_PER_ELEMENT))
}

function grow<T extends Int32Array | Float64Array>(array: T, length: number): T {
  const bigger = shared(
    array.constructor as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
    Math.ceil(length),
  )
  bigger.set(array)
  return bigger
}
