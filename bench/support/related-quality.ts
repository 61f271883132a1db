// Similar Posts on a prepared database: compares the stored lists of a sample with the exact
// top-5 (every post sharing a feature scored, as brute force does, through the inverted
// index), and times that exact scoring per post. With --brute, also times the brute-force
// pairwise comparison per post (the baseline; quadratic, so only on a small archive).
// Prints JSON.

import { archiveVectors } from '../../src/related/archive-vectors.ts'
import { bruteForceNeighbours, loadCorpus } from '../../src/related/index.ts'
import { VectorScorer } from '../../src/related/vector-scorer.ts'
import { openStore } from '../../src/store/index.ts'

const [url, sampleSize] = [process.argv[2]!, Number(process.argv[3] ?? 200)]
const brute = process.argv.includes('--brute')
const store = openStore(url)
const { vectors, eligible } = await archiveVectors(store, {})
const frozen = vectors.frozen()
const step = Math.max(1, Math.floor(frozen.ids.length / sampleSize))
const sample: number[] = []
for (let i = 0; i < frozen.ids.length && sample.length < sampleSize; i += step) sample.push(i)
const exact = new VectorScorer(frozen, { exact: true })
let started = performance.now()
const lists = sample.map((i) => [frozen.ids[i]!, exact.topK(i, 5, eligible)] as const)
const exactMsPerPost = (performance.now() - started) / sample.length

const ids = lists.map(([id]) => id)
const stored = await store.db
  .selectFrom('related_posts')
  .select(['post_id', 'related_id'])
  .where('post_id', 'in', ids)
  .execute()
const ours = new Map<number, Set<number>>()
for (const row of stored) {
  if (!ours.has(row.post_id)) ours.set(row.post_id, new Set())
  ours.get(row.post_id)!.add(row.related_id)
}
let found = 0
let wanted = 0
for (const [id, list] of lists) {
  wanted += list.length
  found += list.filter((n) => ours.get(id)?.has(n.id)).length
}

let bruteMsPerPost: number | undefined
if (brute) {
  const corpus = await loadCorpus(store)
  started = performance.now()
  bruteForceNeighbours(corpus, { k: 5 }, ids)
  bruteMsPerPost = (performance.now() - started) / ids.length
}
await store.close()
process.stdout.write(
  JSON.stringify({
    recall: wanted === 0 ? 1 : found / wanted,
    exactMsPerPost,
    bruteMsPerPost,
    sample: sample.length,
  }),
)
