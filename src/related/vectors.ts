import { DEFAULT_WEIGHTS, type FeatureWeights, featureKind } from './features.ts'

export interface RelatedOptions {
  /** Suggestions kept per post (default 5). */
  k?: number
  weights?: Partial<FeatureWeights>
  /** A feature in more than this share of posts carries no weight (as Hugo's cardinalityThreshold). */
  maxShare?: number
  /** Body words kept per post: its most distinctive (rarest) ones, as a keyword extractor would (default 20). */
  bodyWords?: number
  /** Score every post sharing a feature instead of the blocked candidates (see VectorScorer). */
  exact?: boolean
  /** A feature of at most this many posts brings all of them in as candidates (default 256). */
  rarePosts?: number
  /** Threads that read and score a rebuild (default: one per core, up to 4; 0: all on this thread). */
  threads?: number
}

export interface Corpus {
  /** Each post's features, by post id. */
  features: Map<number, string[]>
}

/** Feature weights for a corpus: kind weight × IDF, zero for features in too many posts. */
export function featureWeights(corpus: Corpus, options: RelatedOptions = {}): Map<string, number> {
  const documentFrequency = new Map<string, number>()
  for (const features of corpus.features.values())
    for (const feature of features)
      documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1)
  return weightsFromFrequencies(documentFrequency, corpus.features.size, options)
}

/** Weights from document frequencies over `n` posts; features that weigh nothing are left out. */
export function weightsFromFrequencies(
  documentFrequency: ReadonlyMap<string, number>,
  n: number,
  options: RelatedOptions = {},
): Map<string, number> {
  const kinds = { ...DEFAULT_WEIGHTS, ...options.weights }
  const maxShare = options.maxShare ?? 0.1
  const weights = new Map<string, number>()
  for (const [feature, df] of documentFrequency) {
    const kind = kinds[featureKind(feature)] ?? 0
    // A feature of one post relates it to nothing; one in too many says too little.
    if (kind === 0 || df < 2 || df > maxShare * n) continue
    weights.set(feature, kind * Math.log(n / df))
  }
  return weights
}

/**
 * The post's weighted vector as [feature, weight] pairs, and its length. Of its body words
 * only the `bodyWords` weightiest count: a body has hundreds of words, and the common ones
 * say little about it but would make every post a candidate for every other.
 */
export function vectorOf(
  features: readonly string[],
  weights: ReadonlyMap<string, number>,
  bodyWords = 20,
): { entries: Array<[string, number]>; norm: number } {
  const entries: Array<[string, number]> = []
  const body: Array<[string, number]> = []
  for (const feature of features) {
    const weight = weights.get(feature)
    if (weight === undefined) continue
    if (feature.startsWith('body:')) body.push([feature, weight])
    else entries.push([feature, weight])
  }
  body.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
  entries.push(...body.slice(0, bodyWords))
  let squares = 0
  for (const [, weight] of entries) squares += weight * weight
  return { entries, norm: Math.sqrt(squares) }
}

export interface Neighbour {
  id: number
  score: number
}

/**
 * Which posts may be suggested on which, from a shared byte per post id (1: readers can find
 * it): a post awaiting review is never suggested on the page of one readers can find.
 */
export const findableRule =
  (findable: Uint8Array) =>
  (self: number, candidate: number): boolean =>
    findable[self] === 0 || findable[candidate] === 1

/** Highest score first; equal scores by lower id, so every build gives the same order. */
export const byScore = (a: Neighbour, b: Neighbour): number => b.score - a.score || a.id - b.id
