import {
  type BackgroundCheckpoints,
  noBackgroundCheckpoints,
  recordPurge,
  type Store,
} from '../store/index.ts'
import { archiveVectors, type OnRelatedProgress } from './archive-vectors.ts'
import { byScore, type Neighbour, type RelatedOptions } from './vectors.ts'

export interface RelatedUpdate {
  /** Posts written since the given time (new or changed). */
  changed: number
  /** Posts whose stored list was rewritten: the changed ones and those a change entered or left. */
  rewritten: number
  links: number
}

const CHUNK = 500
// Past this many pages a purge of everything is cheaper to log and to apply.
const MAX_PAGES_PER_PURGE = 500

/**
 * Updates Similar Posts after posts were added or changed since `since` (an import run's
 * start), rewriting only the lists that change: each changed post's own, the lists a
 * changed post now enters (it scores above their kth), and the lists that held a changed
 * post (rescored). Feature weights are the archive's as it is now; lists nobody touched keep
 * the weights of their last computation until the next `related rebuild`, a drift the
 * recall benchmark bounds. After its commit it hands `checkpoints` what it wrote.
 */
export async function updateRelated(
  store: Store,
  since: string,
  options: RelatedOptions = {},
  onProgress?: OnRelatedProgress,
  checkpoints: BackgroundCheckpoints = noBackgroundCheckpoints(),
): Promise<RelatedUpdate> {
  const k = Math.max(1, Math.floor(options.k ?? 5))
  const changedRows = await store.db
    .selectFrom('posts')
    .select('id')
    .where('updated_at', '>=', since)
    .where('review_state', '!=', 'rejected')
    .execute()
  if (changedRows.length === 0) return { changed: 0, rewritten: 0, links: 0 }
  // Each full stored list's weakest score (its kth) by post id, to tell which lists a
  // changed post would enter; a shorter list takes any offer. Its row is read by rank, where
  // grouping every row by post took twice as long at a million posts, and while threads
  // read the features.
  let kth: Float64Array = new Float64Array(0)
  const { vectors, eligible } = await archiveVectors(store, options, onProgress, async () => {
    kth = await listEnds(store, k)
  })
  const changed = new Set(changedRows.map((row) => row.id))
  // By post index: flat arrays, where Maps made the 1.6 million candidate checks of a
  // thousand new posts slow.
  const weakest = new Float64Array(vectors.size)
  for (const [j, id] of vectors.ids.entries())
    weakest[j] = id < kth.length ? kth[id]! : Number.NEGATIVE_INFINITY
  const changedIndexes = [...changed].flatMap((id) => vectors.indexOf(id) ?? [])
  const isChanged = new Uint8Array(vectors.size)
  for (const i of changedIndexes) isChanged[i] = 1

  const lists = new Map<number, Neighbour[]>()
  const entering = new Map<number, Neighbour[]>()
  for (const i of vectors.inBlockOrder(changedIndexes)) {
    const id = vectors.ids[i]!
    const own = vectors.topKWithCandidates(i, k, eligible, (j, score) => {
      if (isChanged[j] === 1 || score <= weakest[j]!) return
      const other = vectors.ids[j]!
      if (!eligible(other, id)) return
      const offers = entering.get(other)
      if (offers) offers.push({ id, score })
      else entering.set(other, [{ id, score }])
    })
    lists.set(id, own)
  }

  // Lists that held a changed post: its score there may have fallen, so they are recomputed.
  const holders = new Set<number>()
  const changedIds = [...changed]
  for (let at = 0; at < changedIds.length; at += CHUNK)
    for (const row of await store.db
      .selectFrom('related_posts')
      .select('post_id')
      .where('related_id', 'in', changedIds.slice(at, at + CHUNK))
      .execute())
      if (!changed.has(row.post_id)) holders.add(row.post_id)
  for (const id of holders) {
    const i = vectors.indexOf(id)
    lists.set(id, i === undefined ? [] : vectors.topK(i, k, eligible))
    entering.delete(id)
  }

  // The rest: the stored list plus what enters it, best k kept.
  const merging = [...entering.keys()]
  for (let at = 0; at < merging.length; at += CHUNK) {
    const stored = await store.db
      .selectFrom('related_posts')
      .select(['post_id', 'related_id', 'score'])
      .where('post_id', 'in', merging.slice(at, at + CHUNK))
      .execute()
    const byPost = new Map<number, Neighbour[]>()
    for (const row of stored) {
      const list = byPost.get(row.post_id)
      const neighbour = { id: row.related_id, score: row.score }
      if (list) list.push(neighbour)
      else byPost.set(row.post_id, [neighbour])
    }
    for (const id of merging.slice(at, at + CHUNK))
      lists.set(id, [...(byPost.get(id) ?? []), ...entering.get(id)!].sort(byScore).slice(0, k))
  }

  let links = 0
  await store.db.transaction().execute(async (trx) => {
    const ids = [...lists.keys()]
    for (let at = 0; at < ids.length; at += CHUNK) {
      const slice = ids.slice(at, at + CHUNK)
      await trx.deleteFrom('related_posts').where('post_id', 'in', slice).execute()
      const rows = slice.flatMap((postId) =>
        lists.get(postId)!.map((neighbour, rank) => ({
          post_id: postId,
          rank: rank + 1,
          related_id: neighbour.id,
          score: neighbour.score,
        })),
      )
      links += rows.length
      for (let r = 0; r < rows.length; r += 2000)
        await trx
          .insertInto('related_posts')
          .values(rows.slice(r, r + 2000))
          .execute()
    }
    // The rewritten lists show on their posts' pages, and only there.
    if (ids.length > MAX_PAGES_PER_PURGE) {
      await recordPurge(trx, [{ all: true }])
      return
    }
    const rows = ids.length
      ? await trx.selectFrom('posts').select('source_id').where('id', 'in', ids).execute()
      : []
    await recordPurge(
      trx,
      rows.map((row) => ({ postPage: row.source_id })),
    )
  })
  checkpoints.committed()
  return { changed: changed.size, rewritten: lists.size, links }
}

/** Each post's kth Similar Posts score by post id; -Infinity where its list is shorter. */
async function listEnds(store: Store, k: number): Promise<Float64Array> {
  const rows = await store.db
    .selectFrom('related_posts')
    .select(['post_id', 'score'])
    .where('rank', '=', k)
    .execute()
  let last = 0
  for (const row of rows) last = Math.max(last, row.post_id)
  const kth = new Float64Array(last + 1).fill(Number.NEGATIVE_INFINITY)
  for (const row of rows) kth[row.post_id] = row.score
  return kth
}
