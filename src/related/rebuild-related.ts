import type { Post } from '../content/index.ts'
import { type ReviewState, recordPurge, type Store } from '../store/index.ts'
import { postFeatures } from './features.ts'
import { computeNeighbours } from './neighbours.ts'
import { type Corpus, featureWeights, type RelatedOptions } from './vectors.ts'

const INDEXABLE: ReadonlySet<ReviewState> = new Set(['approved', 'not_required'])

export interface LoadedCorpus extends Corpus {
  states: Map<number, ReviewState>
}

/** Every post's features (rejected posts are neither shown nor suggested), read in pages by id. */
export async function loadCorpus(store: Store): Promise<LoadedCorpus> {
  const features = new Map<number, string[]>()
  const states = new Map<number, ReviewState>()
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
    for (const row of rows) {
      features.set(row.id, postFeatures(JSON.parse(row.document) as Post))
      states.set(row.id, row.review_state)
    }
    if (rows.length < 2000) break
    after = rows.at(-1)!.id
  }
  return { features, states }
}

/** Posts awaiting review are never suggested on the page of a post readers can find. */
export const reviewRule =
  (states: ReadonlyMap<number, ReviewState>) =>
  (self: number, candidate: number): boolean =>
    !INDEXABLE.has(states.get(self)!) || INDEXABLE.has(states.get(candidate)!)

/** Recomputes every post's Similar Posts and replaces the stored lists in one transaction. */
export async function rebuildRelated(
  store: Store,
  options: RelatedOptions = {},
): Promise<{ posts: number; links: number }> {
  const corpus = await loadCorpus(store)
  const neighbours = computeNeighbours(corpus, options, reviewRule(corpus.states))
  const rows = [...neighbours].flatMap(([postId, list]) =>
    list.map((neighbour, rank) => ({
      post_id: postId,
      rank: rank + 1,
      related_id: neighbour.id,
      score: neighbour.score,
    })),
  )
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('related_posts').execute()
    for (let i = 0; i < rows.length; i += 2000)
      await trx
        .insertInto('related_posts')
        .values(rows.slice(i, i + 2000))
        .execute()
    // Similar Posts show on every article page: most of what a site has cached.
    await recordPurge(trx, [{ all: true }])
  })
  return { posts: corpus.features.size, links: rows.length }
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
  const corpus = await loadCorpus(store)
  const weights = featureWeights(corpus, options)
  const rows = await store.db
    .selectFrom('related_posts')
    .innerJoin('posts', 'posts.id', 'related_posts.related_id')
    .select(['posts.id', 'posts.source_id', 'posts.title', 'related_posts.score'])
    .where('related_posts.post_id', '=', post.id)
    .orderBy('related_posts.rank')
    .execute()
  const mine = new Set(corpus.features.get(post.id) ?? [])
  return rows.map((row) => ({
    sourceId: row.source_id,
    title: row.title,
    score: row.score,
    shared: (corpus.features.get(row.id) ?? [])
      .filter((feature) => mine.has(feature) && weights.has(feature))
      .map((feature) => ({ feature, weight: weights.get(feature)! }))
      .sort((a, b) => b.weight - a.weight || a.feature.localeCompare(b.feature)),
  }))
}
