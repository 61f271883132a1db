import type { Post } from '../content/index.ts'
import {
  type RelatedRow,
  type ReviewState,
  recordPurge,
  refreshPlannerStatistics,
  type Store,
} from '../store/index.ts'
import { archiveVectors, archiveWeights, type OnRelatedProgress } from './archive-vectors.ts'
import { INDEXABLE } from './feature-reading.ts'
import { postFeatures } from './features.ts'
import { neighbourListsInParallel, scoringThreads } from './parallel-scoring.ts'
import type { Corpus, RelatedOptions } from './vectors.ts'

export interface LoadedCorpus extends Corpus {
  states: Map<number, ReviewState>
}

/** Every post's features (rejected posts are neither shown nor suggested), read in pages by id. */
export async function loadCorpus(store: Store): Promise<LoadedCorpus> {
  const features = new Map<number, string[]>()
  const states = new Map<number, ReviewState>()
  await forEachPost(store, (id, post, state) => {
    features.set(id, postFeatures(post))
    states.set(id, state)
  })
  return { features, states }
}

/** Calls `visit` for every post that is not rejected, in id order, a page of rows at a time. */
async function forEachPost(
  store: Store,
  visit: (id: number, post: Post, state: ReviewState) => void,
): Promise<void> {
  let after = 0
  for (;;) {
    const rows = await store.db
      .selectFrom('posts')
      .select(['id', 'document', 'review_state'])
      .where('review_state', '!=', 'rejected')
      .where('id', '>', after)
      .orderBy('id')
      .limit(2000)
      .execute()
    for (const row of rows) visit(row.id, JSON.parse(row.document) as Post, row.review_state)
    if (rows.length < 2000) break
    after = rows.at(-1)!.id
  }
}

/** Posts awaiting review are never suggested on the page of a post readers can find. */
export const reviewRule =
  (states: ReadonlyMap<number, ReviewState>) =>
  (self: number, candidate: number): boolean =>
    !INDEXABLE.has(states.get(self)!) || INDEXABLE.has(states.get(candidate)!)

/**
 * Recomputes every post's Similar Posts and replaces the stored lists in one transaction.
 * Vectors come from the stored features (see archiveVectors), held in compact arrays, and
 * lists are kept in typed arrays until written, so memory grows with the number of posts by
 * tens of bytes each, not with their text.
 */
export async function rebuildRelated(
  store: Store,
  options: RelatedOptions = {},
  onProgress?: OnRelatedProgress,
): Promise<{ posts: number; links: number }> {
  const k = Math.max(1, Math.floor(options.k ?? 5))
  const { vectors, eligible, findable } = await archiveVectors(store, options, onProgress)
  const threads = options.threads ?? scoringThreads(vectors.size)
  const lists =
    threads > 0
      ? neighbourListsInParallel(
          vectors,
          { findable, k, exact: options.exact, rarePosts: options.rarePosts },
          threads,
        )
      : vectors.neighbourLists(k, eligible)
  // Lists come block by block; kept by post index (k slots each, 12 bytes a slot), they are
  // written in id order, which keeps the table's inserts at its end.
  const n = vectors.size
  const lengths = new Uint8Array(n)
  const neighbours = new Int32Array(n * k)
  const scores = new Float64Array(n * k)
  let scored = 0
  for await (const [i, list] of lists) {
    lengths[i] = list.length
    for (const [rank, neighbour] of list.entries()) {
      neighbours[i * k + rank] = neighbour.id
      scores[i * k + rank] = neighbour.score
    }
    if (++scored % 1000 === 0) onProgress?.({ phase: 'scoring', done: scored, total: n })
  }
  let links = 0
  const writer = store.createRelatedWriter()
  await store.db.transaction().execute(async (trx) => {
    await writer.begin(trx)
    let rows: RelatedRow[] = []
    for (let i = 0; i < n; i++) {
      for (let rank = 0; rank < lengths[i]!; rank++)
        rows.push({
          postId: vectors.ids[i]!,
          rank: rank + 1,
          relatedId: neighbours[i * k + rank]!,
          score: scores[i * k + rank]!,
        })
      if (rows.length >= 2000 || i === n - 1) {
        await writer.write(trx, rows)
        links += rows.length
        rows = []
      }
    }
    // Similar Posts show on every article page: most of what a site has cached.
    await recordPurge(trx, [{ all: true }])
  })
  // The whole table is new. With the statistics of the old one, PostgreSQL read a post and
  // then its Similar Posts in 6–8 ms instead of 1.1–1.8 ms (5,000 posts) until autovacuum
  // came round to analyze it.
  await refreshPlannerStatistics(store.db, store.caps, 'related_posts')
  return { posts: vectors.size, links }
}

export interface Explanation {
  sourceId: string
  title: string
  score: number
  shared: Array<{ feature: string; weight: number }>
}

/** Each stored suggestion of a post, with the features the two share and what each weighs. */
export async function explainRelated(
  store: Store,
  sourceId: string,
  options: RelatedOptions = {},
): Promise<Explanation[] | undefined> {
  const post = await store.db
    .selectFrom('posts')
    .select('id')
    .where('source_id', '=', sourceId)
    .executeTakeFirst()
  if (!post) return undefined
  const weights = await archiveWeights(store, options)
  const rows = await store.db
    .selectFrom('related_posts')
    .innerJoin('posts', 'posts.id', 'related_posts.related_id')
    .select(['posts.id', 'posts.source_id', 'posts.title', 'related_posts.score'])
    .where('related_posts.post_id', '=', post.id)
    .orderBy('related_posts.rank')
    .execute()
  const featuresOf = async (id: number) => {
    const row = await store.db
      .selectFrom('posts')
      .select('document')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    return postFeatures(JSON.parse(row.document) as Post)
  }
  const mine = new Set(await featuresOf(post.id))
  const explained: Explanation[] = []
  for (const row of rows)
    explained.push({
      sourceId: row.source_id,
      title: row.title,
      score: row.score,
      shared: (await featuresOf(row.id))
        .filter((feature) => mine.has(feature) && weights.has(feature))
        .map((feature) => ({ feature, weight: weights.get(feature)! }))
        .sort((a, b) => b.weight - a.weight || a.feature.localeCompare(b.feature)),
    })
  return explained
}
