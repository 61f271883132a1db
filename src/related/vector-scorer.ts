import type { FrozenVectors } from './sparse-vectors.ts'
import type { Neighbour } from './vectors.ts'

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
export const RARE_POSTS = 256
// Posts without a block are scored in runs of this many, one job each.
const RUN_SIZE = 512

/**
 * Scores posts against each other over frozen vectors; one per thread (it keeps scratch
 * arrays). A post's top k comes from its candidates:
 * - its block: the posts sharing both of its two heaviest common features (in a synthesized
 *   archive, its problem and its stack), and
 * - every post sharing one of its rare features (at most `rarePosts` posts each).
 * A post outside both lacks the heaviest part of the vector or shares only common, light
 * features, so it scores below the block's best: the recall test and benchmark measure how
 * often that holds. Where the candidates give fewer than k, the post is scored exactly.
 *
 * Every path adds a pair's shared weights in the order of the scored post's features, so a
 * pair scores the same to the last bit whichever path scored it (and ties break by id).
 */
export class VectorScorer {
  /** Lists scored exactly because the candidates gave fewer than k (a health figure for tests). */
  fallbacks = 0

  private readonly vectors: FrozenVectors
  private readonly exact: boolean
  private readonly rarePosts: number
  private scanDots: Float64Array | undefined
  private touched: Int32Array | undefined
  private readonly seen: Int32Array
  private stamp = 0
  /** Per feature: 1 while the post being compared has it. */
  private readonly has: Uint8Array
  /** Per feature: its postings' place in the current block index, or -1. */
  private readonly slots: Int32Array
  private blockDots = new Float64Array(0)
  private current: BlockIndex | undefined
  private readonly blocks = new Map<number, Int32Array>()

  constructor(vectors: FrozenVectors, options: ScorerOptions = {}) {
    this.vectors = vectors
    this.exact = options.exact ?? false
    this.rarePosts = options.rarePosts ?? RARE_POSTS
    this.seen = new Int32Array(vectors.ids.length)
    this.has = new Uint8Array(vectors.weights.length)
    this.slots = new Int32Array(vectors.weights.length).fill(-1)
  }

  /**
   * Calls `visit` with every post sharing a weighted feature with post `i` and their cosine,
   * through the inverted index: a post sharing none scores 0, so this is every post with a
   * score. Cosine is symmetric: these are also `i`'s scores on each of their pages.
   */
  scan(i: number, visit: (j: number, score: number) => void): void {
    const { offsets, entries, norms, weights, starts, postings } = this.vectors
    // Only exact scoring and fallbacks need these: 12 bytes a post, made on first use.
    this.scanDots ??= new Float64Array(this.vectors.ids.length)
    this.touched ??= new Int32Array(this.vectors.ids.length)
    const { scanDots: dots, touched } = this
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
    const { first, second } = blockOf(this.vectors, i, this.rarePosts)
    if (first !== -1) this.scoreBlock(i, first, second, visit)
    this.scoreRareOutsiders(i, first, second, visit)
  }

  /** Post `i`'s top k by score (ties by lower id), of the posts `eligible` allows. */
  topK(i: number, k: number, eligible: (self: number, candidate: number) => boolean): Neighbour[] {
    return this.topKWithCandidates(i, k, eligible, () => {})
  }

  /**
   * `topK` and `candidates` from one pass over the candidates: after an import, each new
   * post needs its own list and the lists it may enter, and scoring its block twice was a
   * third of the update.
   */
  topKWithCandidates(
    i: number,
    k: number,
    eligible: (self: number, candidate: number) => boolean,
    visit: (j: number, score: number) => void,
  ): Neighbour[] {
    const { ids } = this.vectors
    const id = ids[i]!
    const best = new TopK(k)
    this.candidates(i, (j, score) => {
      visit(j, score)
      if (score >= best.worst) best.offer(id, ids[j]!, score, eligible)
    })
    if (best.size === best.k || this.exact) return best.list()
    this.fallbacks++
    return this.best(i, k, eligible)
  }

  /**
   * Scores post `i` against each other post of its block, one at a time: for a single post
   * this is ten times cheaper than indexing the block by feature (`blockIndex`), which pays
   * off only over a group's many members.
   */
  private scoreBlock(
    i: number,
    first: number,
    second: number,
    visit: (j: number, score: number) => void,
  ): void {
    const { offsets, entries, norms, weights } = this.vectors
    const { has } = this
    const posts = this.blockPosts(first, second)
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) has[entries[e]!] = 1
    for (const j of posts) {
      if (j === i) continue
      // Shared features add up in ascending order, as on every other path.
      let dot = 0
      for (let x = offsets[j]!; x < offsets[j + 1]!; x++) {
        const g = entries[x]!
        if (has[g] === 1) dot += weights[g]! * weights[g]!
      }
      visit(j, dot / (norms[i]! * norms[j]!))
    }
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) has[entries[e]!] = 0
  }

  /**
   * The top k of each member of a group (posts with the same block, see `scoringGroups`), as
   * `topK` gives them. The block's posts are indexed by feature once for the group, so a
   * member is scored by walking the block's short lists of its own features: reading every
   * block post's features was most of the cost (0.9 µs a candidate at a million posts).
   */
  groupTopK(
    group: ScoringGroup,
    k: number,
    eligible: (self: number, candidate: number) => boolean,
  ): Neighbour[][] {
    const { first, second, members } = group
    if (this.exact) return Array.from(members, (i) => this.best(i, k, eligible))
    const { ids, norms } = this.vectors
    const index = first === -1 ? undefined : this.blockIndex(first, second)
    if (index && index.posts.length === members.length && members.length > 1)
      return this.wholeBlockTopK(index, k, eligible)
    const best = new TopK(k)
    const lists: Neighbour[][] = []
    for (const i of members) {
      const id = ids[i]!
      best.clear()
      if (index) {
        const dots = this.blockDotProducts(i, index)
        const norm = norms[i]!
        for (let b = 0; b < index.posts.length; b++) {
          if (index.posts[b] === i) continue
          const score = dots[b]! / (norm * index.norms[b]!)
          // Most of a block cannot enter the list: only those that might are offered.
          if (score >= best.worst) best.offer(id, index.ids[b]!, score, eligible)
        }
      }
      lists.push(this.finish(i, first, second, best, eligible))
    }
    return lists
  }

  /** Adds the rare outsiders to post `i`'s list from its block, or scores it exactly when that gives fewer than k. */
  private finish(
    i: number,
    first: number,
    second: number,
    best: TopK,
    eligible: (self: number, candidate: number) => boolean,
  ): Neighbour[] {
    const { ids } = this.vectors
    const id = ids[i]!
    this.scoreRareOutsiders(i, first, second, (j, score) =>
      best.offer(id, ids[j]!, score, eligible),
    )
    if (best.size === best.k) return best.list()
    this.fallbacks++
    return this.best(i, best.k, eligible)
  }

  /**
   * The top k of every post of a block, when the group is the whole block: each pair is
   * scored once, for both its posts (a post is compared only with those after it in the
   * block), which halves the work of `groupTopK`'s one post at a time and gives the same
   * lists: vectors are in feature order, so a pair's sum is the same from either side.
   */
  private wholeBlockTopK(
    index: BlockIndex,
    k: number,
    eligible: (self: number, candidate: number) => boolean,
  ): Neighbour[][] {
    const { offsets, entries, weights, norms } = this.vectors
    const { posts, starts, postings } = index
    const size = posts.length
    if (this.blockDots.length < size) this.blockDots = new Float64Array(size * 2)
    const dots = this.blockDots
    const best = Array.from({ length: size }, () => new TopK(k))
    for (let at = 0; at < size; at++) {
      const i = posts[at]!
      const id = index.ids[at]!
      dots.fill(0, at + 1, size)
      for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
        const f = entries[e]!
        const share = weights[f]! * weights[f]!
        if (f === index.first || f === index.second) {
          for (let b = at + 1; b < size; b++) dots[b]! += share
          continue
        }
        const slot = this.slots[f]!
        if (slot === -1) continue
        // A feature's block places are ascending: skip to those after this post.
        let low = starts[slot]!
        let high = starts[slot + 1]!
        while (low < high) {
          const middle = (low + high) >>> 1
          if (postings[middle]! <= at) low = middle + 1
          else high = middle
        }
        for (let p = low; p < starts[slot + 1]!; p++) dots[postings[p]!]! += share
      }
      const norm = norms[i]!
      const mine = best[at]!
      for (let b = at + 1; b < size; b++) {
        const score = dots[b]! / (norm * index.norms[b]!)
        const other = index.ids[b]!
        if (score >= mine.worst) mine.offer(id, other, score, eligible)
        const theirs = best[b]!
        if (score >= theirs.worst) theirs.offer(other, id, score, eligible)
      }
    }
    return Array.from(posts, (i, at) =>
      this.finish(i, index.first, index.second, best[at]!, eligible),
    )
  }

  /** The exact top k: every post sharing a feature scored. */
  private best(
    i: number,
    k: number,
    eligible: (self: number, candidate: number) => boolean,
  ): Neighbour[] {
    const { ids } = this.vectors
    const id = ids[i]!
    const best = new TopK(k)
    this.scan(i, (j, score) => best.offer(id, ids[j]!, score, eligible))
    return best.list()
  }

  /** Post `i`'s dot product with each post of a block, by block place (scratch: valid until the next call). */
  private blockDotProducts(i: number, index: BlockIndex): Float64Array {
    const { offsets, entries, weights } = this.vectors
    const size = index.posts.length
    if (this.blockDots.length < size) this.blockDots = new Float64Array(size * 2)
    const dots = this.blockDots
    dots.fill(0, 0, size)
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
      const f = entries[e]!
      const share = weights[f]! * weights[f]!
      if (f === index.first || f === index.second) {
        for (let b = 0; b < size; b++) dots[b]! += share
        continue
      }
      const slot = this.slots[f]!
      if (slot === -1) continue
      for (let p = index.starts[slot]!; p < index.starts[slot + 1]!; p++)
        dots[index.postings[p]!]! += share
    }
    return dots
  }

  /** Scores post `i` against each post outside its block that shares one of its rare features. */
  private scoreRareOutsiders(
    i: number,
    first: number,
    second: number,
    visit: (j: number, score: number) => void,
  ): void {
    const { offsets, entries, norms, weights, starts, postings } = this.vectors
    const { seen, has, rarePosts } = this
    const stamp = ++this.stamp
    seen[i] = stamp
    const inBlock = (j: number) => {
      if (first === -1) return false
      let found = 0
      for (let e = offsets[j]!; e < offsets[j + 1]!; e++)
        if (entries[e] === first || entries[e] === second) found++
      return found === (second === -1 ? 1 : 2)
    }
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
      const f = entries[e]!
      if (starts[f + 1]! - starts[f]! > rarePosts) continue
      for (let p = starts[f]!; p < starts[f + 1]!; p++) {
        const j = postings[p]!
        if (seen[j] === stamp) continue
        seen[j] = stamp
        if (inBlock(j)) continue
        for (let x = offsets[j]!; x < offsets[j + 1]!; x++) has[entries[x]!] = 1
        let dot = 0
        for (let x = offsets[i]!; x < offsets[i + 1]!; x++) {
          const g = entries[x]!
          if (has[g] === 1) dot += weights[g]! * weights[g]!
        }
        for (let x = offsets[j]!; x < offsets[j + 1]!; x++) has[entries[x]!] = 0
        visit(j, dot / (norms[i]! * norms[j]!))
      }
    }
  }

  /**
   * A block's posts and, for each feature other than the two that define it, which of them
   * have it. The last one is kept: a group's members share it.
   */
  private blockIndex(first: number, second: number): BlockIndex {
    const current = this.current
    if (current && current.first === first && current.second === second) return current
    const { slots } = this
    if (current) for (const f of current.features) slots[f] = -1
    const { ids, offsets, entries, norms } = this.vectors
    const posts = this.blockPosts(first, second)
    const features: number[] = []
    const counts: number[] = []
    for (const j of posts)
      for (let e = offsets[j]!; e < offsets[j + 1]!; e++) {
        const f = entries[e]!
        if (f === first || f === second) continue
        if (slots[f] === -1) {
          slots[f] = features.length
          features.push(f)
          counts.push(0)
        }
        counts[slots[f]!]!++
      }
    const featureStarts = new Int32Array(features.length + 1)
    for (let s = 0; s < features.length; s++) featureStarts[s + 1] = featureStarts[s]! + counts[s]!
    const fill = featureStarts.slice(0, features.length)
    const local = new Int32Array(featureStarts[features.length]!)
    for (const [b, j] of posts.entries())
      for (let e = offsets[j]!; e < offsets[j + 1]!; e++) {
        const f = entries[e]!
        if (f !== first && f !== second) local[fill[slots[f]!]!++] = b
      }
    this.current = {
      first,
      second,
      posts,
      ids: Int32Array.from(posts, (j) => ids[j]!),
      norms: Float64Array.from(posts, (j) => norms[j]!),
      features: Int32Array.from(features),
      starts: featureStarts,
      postings: local,
    }
    return this.current
  }

  /** A block's posts, ascending: those having `first`, and `second` too unless it is -1. */
  private blockPosts(first: number, second: number): Int32Array {
    const { starts, postings } = this.vectors
    return second === -1
      ? postings.subarray(starts[first], starts[first + 1])
      : this.block(first, second)
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

/** A block's posts indexed by feature (see VectorScorer.blockIndex). */
interface BlockIndex {
  first: number
  second: number
  /** The block's post indexes, ascending; a post's place here is its block place. */
  posts: Int32Array
  ids: Int32Array
  norms: Float64Array
  /** Features by slot; feature `features[s]`'s block places: postings[starts[s]] .. */
  features: Int32Array
  starts: Int32Array
  postings: Int32Array
}

/** Posts that share a block (the same two heaviest common features), scored together. */
export interface ScoringGroup {
  /** -1: no block; each member is scored alone. */
  first: number
  second: number
  /** Post indexes, ascending. */
  members: Int32Array
}

/**
 * Post `i`'s block: its two heaviest features of more than `rarePosts` posts (the heavier
 * first; ties by feature number), -1 where it has fewer.
 */
export function blockOf(
  vectors: FrozenVectors,
  i: number,
  rarePosts: number,
): { first: number; second: number } {
  const { offsets, entries, weights, starts } = vectors
  const heavier = (f: number, g: number) =>
    weights[f]! > weights[g]! || (weights[f] === weights[g] && f < g)
  let first = -1
  let second = -1
  for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
    const f = entries[e]!
    if (starts[f + 1]! - starts[f]! <= rarePosts) continue
    if (first === -1 || heavier(f, first)) {
      second = first
      first = f
    } else if (second === -1 || heavier(f, second)) second = f
  }
  return { first, second }
}

/**
 * Every post in groups: the posts that share a block, in order of each block's first post;
 * posts without a block (and, with `exact`, all posts) in runs of 512.
 */
export function scoringGroups(vectors: FrozenVectors, options: ScorerOptions = {}): ScoringGroup[] {
  const n = vectors.ids.length
  const rarePosts = options.rarePosts ?? RARE_POSTS
  const runs = (first: number, second: number, members: number[]) => {
    const groups: ScoringGroup[] = []
    for (let at = 0; at < members.length; at += RUN_SIZE)
      groups.push({
        first,
        second,
        members: Int32Array.from(members.slice(at, at + RUN_SIZE)),
      })
    return groups
  }
  if (options.exact)
    return runs(
      -1,
      -1,
      Array.from({ length: n }, (_, i) => i),
    )
  const blocks = new Map<number, { first: number; second: number; members: number[] }>()
  const loose: number[] = []
  const features = vectors.weights.length + 1
  for (let i = 0; i < n; i++) {
    const { first, second } = blockOf(vectors, i, rarePosts)
    if (first === -1) {
      loose.push(i)
      continue
    }
    const key = first * features + second + 1
    const block = blocks.get(key)
    if (block) block.members.push(i)
    else blocks.set(key, { first, second, members: [i] })
  }
  // A block is one group whatever its size: scored whole, each pair is scored once.
  const groups = [...blocks.values()].map((block) => ({
    first: block.first,
    second: block.second,
    members: Int32Array.from(block.members),
  }))
  return [...groups, ...runs(-1, -1, loose)]
}

/** The best k offers by score, ties by lower id, in place: no object per candidate. */
class TopK {
  private readonly ids: Int32Array
  private readonly scores: Float64Array
  size = 0

  constructor(k: number) {
    this.ids = new Int32Array(k)
    this.scores = new Float64Array(k)
  }

  clear(): void {
    this.size = 0
  }

  /** The score an offer must reach to be considered (ties then go by id). */
  get worst(): number {
    return this.size < this.ids.length ? Number.NEGATIVE_INFINITY : this.scores[this.size - 1]!
  }

  get k(): number {
    return this.ids.length
  }

  /** Offers `id` for `self`'s list; eligibility is asked only of an offer that would enter. */
  offer(
    self: number,
    id: number,
    score: number,
    eligible: (self: number, candidate: number) => boolean,
  ): void {
    const { ids, scores } = this
    const k = ids.length
    if (this.size === k) {
      const worst = scores[k - 1]!
      if (score < worst || (score === worst && id > ids[k - 1]!)) return
    }
    if (!eligible(self, id)) return
    let at = this.size < k ? this.size++ : k - 1
    while (at > 0 && (scores[at - 1]! < score || (scores[at - 1] === score && ids[at - 1]! > id))) {
      ids[at] = ids[at - 1]!
      scores[at] = scores[at - 1]!
      at--
    }
    ids[at] = id
    scores[at] = score
  }

  list(): Neighbour[] {
    return Array.from({ length: this.size }, (_, r) => ({
      id: this.ids[r]!,
      score: this.scores[r]!,
    }))
  }
}
