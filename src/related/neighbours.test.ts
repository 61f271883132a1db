import { describe, expect, it } from 'vitest'
import type { ReviewState } from '../store/index.ts'
import { synthesizePost } from '../synth/index.ts'
import { bruteForceNeighbours } from './brute-force.ts'
import { postFeatures } from './features.ts'
import { computeNeighbours, corpusVectors } from './neighbours.ts'
import { reviewRule } from './rebuild-related.ts'
import { VectorScorer } from './vector-scorer.ts'
import type { Corpus } from './vectors.ts'

const posts = Array.from({ length: 1500 }, (_, i) => synthesizePost(i * 7))
const corpus: Corpus = { features: new Map(posts.map((post, i) => [i + 1, postFeatures(post)])) }
const outline = (id: number) => posts[id - 1]!.meta.ai_outline as Record<string, string>

describe('Similar Posts', () => {
  it('stores exactly the brute-force top 5 (recall@5 of 1.0 on 1,500 synthesized posts)', () => {
    const exact = bruteForceNeighbours(corpus)
    const indexed = computeNeighbours(corpus)
    let found = 0
    let wanted = 0
    for (const [id, list] of exact) {
      const ours = new Set(indexed.get(id)!.map((n) => n.id))
      wanted += list.length
      found += list.filter((n) => ours.has(n.id)).length
      expect(indexed.get(id)!.map((n) => n.score)).toEqual(
        list.map((n) => expect.closeTo(n.score, 9)),
      )
    }
    expect(found / wanted).toBe(1)
  })

  it('finds the exact top 5 among blocked candidates on 6,000 synthesized posts, scoring far fewer', () => {
    const large: Corpus = {
      features: new Map(
        Array.from({ length: 6000 }, (_, i) => [i + 1, postFeatures(synthesizePost(i))]),
      ),
    }
    const vectors = corpusVectors(large)
    const frozen = vectors.frozen()
    const exact = new VectorScorer(frozen, { exact: true })
    const blocked = new VectorScorer(frozen)
    const anyone = () => true
    let found = 0
    let wanted = 0
    let candidates = 0
    let sharing = 0
    for (let i = 0; i < 6000; i += 10) {
      const mine = new Set(blocked.topK(i, 5, anyone).map((n) => n.id))
      const best = exact.topK(i, 5, anyone)
      wanted += best.length
      found += best.filter((n) => mine.has(n.id)).length
      blocked.candidates(i, () => candidates++)
      exact.scan(i, () => sharing++)
    }
    expect(found / wanted).toBeGreaterThanOrEqual(0.95)
    expect(blocked.fallbacks).toBeLessThan(30)
    expect(candidates / sharing).toBeLessThan(0.5)
    // Block by block over compact copies, the lists are exactly those of one post at a time,
    // with a review rule too (every third post awaiting review).
    const reviewed = (self: number, candidate: number) => self % 3 === 0 || candidate % 3 !== 0
    const grouped = new Map(vectors.neighbourLists(5, reviewed))
    expect(grouped.size).toBe(6000)
    for (let i = 0; i < 6000; i += 7)
      expect(grouped.get(i), `post ${i}`).toEqual(blocked.topK(i, 5, reviewed))
  })

  it("takes as candidates a post's block (both heaviest common features) and every post sharing a rare one", () => {
    const features = new Map<number, string[]>()
    const add = (ids: number[], list: string[]) => {
      for (const id of ids) features.set(id, [...list])
    }
    add([1, 2, 3, 4], ['problem:x', 'stack:a'])
    add([5, 6, 7, 8], ['problem:x', 'stack:b'])
    add([9, 10, 11, 12], ['problem:y', 'stack:a'])
    add([13, 14, 15, 16], ['problem:y', 'stack:b'])
    add([17], ['problem:y', 'stack:b', 'entity:rare'])
    features.get(1)!.push('entity:rare')
    const vectors = corpusVectors({ features }, { maxShare: 1, rarePosts: 3 })
    const candidates: number[] = []
    vectors.candidates(vectors.indexOf(1)!, (j) => candidates.push(vectors.ids[j]!))
    expect(candidates.sort((a, b) => a - b)).toEqual([2, 3, 4, 17])
    const sharing: number[] = []
    vectors.scan(vectors.indexOf(1)!, (j) => sharing.push(vectors.ids[j]!))
    // The full index reaches every post sharing problem x or stack a.
    expect(sharing.sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 17])
  })

  it('ranks posts with the same problem and stack above posts sharing only the stack', () => {
    const indexed = computeNeighbours(corpus, { k: 300 })
    let checked = 0
    for (const [id, list] of indexed) {
      const { problem, stack } = outline(id)
      const both = list.findLastIndex(
        (n) => outline(n.id).problem === problem && outline(n.id).stack === stack,
      )
      const stackOnly = list.findIndex(
        (n) => outline(n.id).problem !== problem && outline(n.id).stack === stack,
      )
      if (both === -1 || stackOnly === -1) continue
      expect(both, `post ${id}`).toBeLessThan(stackOnly)
      checked++
    }
    expect(checked).toBeGreaterThan(100)
  })

  it('never suggests a post awaiting review on the page of a post readers can find', () => {
    const states = new Map<number, ReviewState>(
      [...corpus.features.keys()].map((id) => [id, id % 3 === 0 ? 'pending' : 'not_required']),
    )
    const indexed = computeNeighbours(corpus, {}, reviewRule(states))
    for (const [id, list] of indexed) {
      if (states.get(id) !== 'pending')
        expect(
          list.every((n) => states.get(n.id) !== 'pending'),
          `post ${id}`,
        ).toBe(true)
    }
    const pendingPage = [...indexed].find(([id]) => states.get(id) === 'pending')![1]
    expect(pendingPage.some((n) => states.get(n.id) === 'pending')).toBe(true)
  })

  it('breaks ties by the lower id, so every build gives the same lists', () => {
    const twins: Corpus = {
      features: new Map([
        [1, ['stack:a', 'problem:x']],
        [2, ['stack:a', 'problem:x']],
        [3, ['stack:a', 'problem:x']],
        [4, ['stack:b']],
        [5, ['stack:b']],
        [6, ['problem:y']],
        [7, ['problem:y']],
        [8, ['stack:c']],
        [9, ['stack:c']],
        [10, ['problem:z']],
        [11, ['problem:z']],
        [12, ['stack:d']],
        [13, ['stack:d']],
        [14, ['x:y']],
        [15, ['problem:w']],
        [16, ['problem:w']],
        [17, ['stack:e']],
        [18, ['stack:e']],
        [19, ['stack:f']],
        [20, ['stack:f']],
        [21, ['stack:g']],
        [22, ['stack:g']],
        [23, ['stack:h']],
        [24, ['stack:h']],
        [25, ['stack:i']],
        [26, ['stack:i']],
        [27, ['stack:j']],
        [28, ['stack:j']],
        [29, ['stack:k']],
        [30, ['stack:k']],
      ]),
    }
    const lists = computeNeighbours(twins, { maxShare: 0.5 })
    expect(lists.get(3)!.map((n) => n.id)).toEqual([1, 2])
    expect(lists.get(1)!.map((n) => n.id)).toEqual([2, 3])
    expect(computeNeighbours(twins, { maxShare: 0.5 })).toEqual(lists)
  })
})
