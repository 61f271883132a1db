/** Similar Posts: weighted shared features, precomputed and stored. */

export type { OnRelatedProgress, RelatedProgress } from './archive-vectors.ts'
export { bruteForceNeighbours } from './brute-force.ts'
export { DEFAULT_WEIGHTS, type FeatureWeights, postFeatures } from './features.ts'
export { computeNeighbours, type Eligible } from './neighbours.ts'
export {
  type Explanation,
  explainRelated,
  loadCorpus,
  rebuildRelated,
  reviewRule,
} from './rebuild-related.ts'
export { type RelatedUpdate, updateRelated } from './update-related.ts'
export type { Corpus, Neighbour, RelatedOptions } from './vectors.ts'
