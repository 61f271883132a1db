// Similar Posts on a prepared database: times the rebuild (the real CLI is timed by the
// caller), then compares the stored lists of a sample with the brute-force exact top-5 and
// times the brute force per post. Prints JSON.
import { bruteForceNeighbours, loadCorpus } from '../../src/related/index.ts'
import { openStore } from '../../src/store/index.ts'

const [url, sampleSize] = [process.argv[2]!, Number(process.argv[3] ?? 200)]
const store = openStore(url)
const corpus = await loadCorpus(store)
const ids = [...corpus.features.keys()]
const sample = ids
  .filter((_, i) => i % Math.max(1, Math.floor(ids.length / sampleSize)) === 0)
  .slice(0, sampleSize)
const started = performance.now()
// Wide enough that, after dropping posts not eligible on a page, five remain to compare.
const exact = bruteForceNeighbours(corpus, { k: 50 }, sample)
const bruteMsPerPost = (performance.now() - started) / sample.length
const stored = await store.db
  .selectFrom('related_posts')
  .select(['post_id', 'related_id'])
  .where('post_id', 'in', sample)
  .execute()
const ours = new Map<number, Set<number>>()
for (const row of stored) {
  if (!ours.has(row.post_id)) ours.set(row.post_id, new Set())
  ours.get(row.post_id)!.add(row.related_id)
}
const indexable = (id: number) => corpus.states.get(id) !== 'pending'
let found = 0
let wanted = 0
for (const id of sample) {
  // On an indexable page, pending posts are not eligible: compare with the exact top-5 among the eligible.
  const list = exact
    .get(id)!
    .filter((n) => !indexable(id) || indexable(n.id))
    .slice(0, 5)
  wanted += list.length
  found += list.filter((n) => ours.get(id)?.has(n.id)).length
}
await store.close()
process.stdout.write(
  JSON.stringify({
    recall: wanted === 0 ? 1 : found / wanted,
    bruteMsPerPost,
    sample: sample.length,
  }),
)
