import {
  byScore,
  type Corpus,
  featureWeights,
  type Neighbour,
  type RelatedOptions,
  vectorOf,
} from './vectors.ts'

/** May `candidate` be suggested on `self`'s page? */
export type Eligible = (self: number, candidate: number) => boolean

/**
 * The top-k neighbours of every post by cosine over weighted features, through an inverted
 * index: a post is compared only with posts that share a weighted feature with it, which
 * gives exactly the brute-force result (a post sharing none scores 0) at a fraction of the
 * pairs. Every feature is binary, so a shared feature adds its weight squared.
 */
export function computeNeighbours(
  corpus: Corpus,
  options: RelatedOptions = {},
  eligible: Eligible = () => true,
): Map<number, Neighbour[]> {
  const k = Math.max(1, Math.floor(options.k ?? 5))
  const weights = featureWeights(corpus, options)
  const ids = [...corpus.features.keys()]
  const norms = new Float64Array(ids.length)
  const postings = new Map<string, number[]>()
  const entries: Array<Array<[string, number]>> = []
  ids.forEach((id, i) => {
    const vector = vectorOf(corpus.features.get(id)!, weights, options.bodyWords)
    norms[i] = vector.norm
    entries.push(vector.entries)
    for (const [feature] of vector.entries) {
      const list = postings.get(feature)
      if (list) list.push(i)
      else postings.set(feature, [i])
    }
  })
  const dots = new Float64Array(ids.length)
  const result = new Map<number, Neighbour[]>()
  ids.forEach((id, i) => {
    const touched: number[] = []
    for (const [feature, weight] of entries[i]!) {
      const share = weight * weight
      for (const j of postings.get(feature)!) {
        if (j === i) continue
        if (dots[j] === 0) touched.push(j)
        dots[j] = dots[j]! + share
      }
    }
    // One pass keeps the best k (a full sort of thousands of touched posts cost more than
    // the scoring); eligibility is asked only of posts that would enter the list.
    const best: Neighbour[] = []
    for (const j of touched) {
      const candidate = { id: ids[j]!, score: dots[j]! / (norms[i]! * norms[j]!) }
      dots[j] = 0
      if (best.length === k && byScore(candidate, best[k - 1]!) >= 0) continue
      if (!eligible(id, candidate.id)) continue
      let at = best.length
      while (at > 0 && byScore(candidate, best[at - 1]!) < 0) at--
      best.splice(at, 0, candidate)
      if (best.length > k) best.pop()
    }
    result.set(id, best)
  })
  return result
}
