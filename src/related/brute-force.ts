import {
  byScore,
  type Corpus,
  featureWeights,
  type Neighbour,
  type RelatedOptions,
  vectorOf,
} from './vectors.ts'

/**
 * The exact top-k by cosine over the weighted features, comparing every pair: the yardstick
 * for the stored lists (recall tests) and the benchmark's baseline. Quadratic: small corpora only.
 */
export function bruteForceNeighbours(
  corpus: Corpus,
  options: RelatedOptions = {},
  only?: Iterable<number>,
): Map<number, Neighbour[]> {
  const k = options.k ?? 5
  const weights = featureWeights(corpus, options)
  const vectors = new Map(
    [...corpus.features].map(([id, features]) => {
      const vector = vectorOf(features, weights, options.bodyWords)
      return [id, { map: new Map(vector.entries), norm: vector.norm }] as const
    }),
  )
  const result = new Map<number, Neighbour[]>()
  for (const id of only ?? corpus.features.keys()) {
    const self = vectors.get(id)!
    const scored: Neighbour[] = []
    for (const [other, vector] of vectors) {
      if (other === id || self.norm === 0 || vector.norm === 0) continue
      let dot = 0
      for (const [feature, weight] of self.map) {
        const theirs = vector.map.get(feature)
        if (theirs !== undefined) dot += weight * theirs
      }
      if (dot > 0) scored.push({ id: other, score: dot / (self.norm * vector.norm) })
    }
    result.set(id, scored.sort(byScore).slice(0, k))
  }
  return result
}
