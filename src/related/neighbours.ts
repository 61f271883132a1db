import { SparseVectors } from './sparse-vectors.ts'
import { type Corpus, featureWeights, type Neighbour, type RelatedOptions } from './vectors.ts'

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
  const vectors = new SparseVectors(featureWeights(corpus, options), options)
  for (const [id, features] of corpus.features) vectors.add(id, features)
  const lists = new Map<number, Neighbour[]>()
  for (const [i, list] of vectors.neighbourLists(k, eligible)) lists.set(vectors.ids[i]!, list)
  return lists
}
