import { SparseVectors } from './sparse-vectors.ts'
import {
  type Corpus,
  featureWeights,
  type Neighbour,
  type RelatedOptions,
  vectorOf,
} from './vectors.ts'

/** May `candidate` be suggested on `self`'s page? */
export type Eligible = (self: number, candidate: number) => boolean

/**
 * The top-k neighbours of every post of an in-memory corpus by cosine over weighted features
 * (see SparseVectors); `rebuildRelated` streams the same computation from the database.
 */
export function computeNeighbours(
  corpus: Corpus,
  options: RelatedOptions = {},
  eligible: Eligible = () => true,
): Map<number, Neighbour[]> {
  const k = Math.max(1, Math.floor(options.k ?? 5))
  const vectors = corpusVectors(corpus, options)
  const lists = new Map<number, Neighbour[]>()
  for (const [i, list] of vectors.neighbourLists(k, eligible)) lists.set(vectors.ids[i]!, list)
  return lists
}

/** An in-memory corpus's weighted vectors, its features numbered in order of first sight. */
export function corpusVectors(corpus: Corpus, options: RelatedOptions = {}): SparseVectors {
  const weights = featureWeights(corpus, options)
  const numbers = new Map([...weights.keys()].map((feature, number) => [feature, number]))
  const vectors = new SparseVectors(Float64Array.from(weights.values()), options)
  for (const [id, features] of corpus.features)
    vectors.add(
      id,
      vectorOf(features, weights, options.bodyWords).entries.map(
        ([feature]) => numbers.get(feature)!,
      ),
    )
  return vectors
}
