import type { Kysely, Transaction } from 'kysely'
import { needsReview, type Post, postTerms } from '../content/index.ts'
import { AppError } from '../errors.ts'
import { recordPurge } from './cache-purges.ts'
import type { Store } from './open-store.ts'
import type { ReviewState, Tables } from './schema.ts'
import { applyTermCounts, TermCountChanges } from './term-counts.ts'

export type ReviewDecision = 'approved' | 'rejected'

export interface ReviewChange {
  sourceId: string
  slug: string
  from: ReviewState
  to: ReviewDecision
}

export interface ReviewQueueItem {
  sourceId: string
  slug: string
  title: string
  publishedAt: string | null
}

/** Posts awaiting review, newest first. */
export async function reviewQueue(
  store: Store,
  options: { limit: number; offset?: number },
): Promise<{ items: ReviewQueueItem[]; pending: number }> {
  const rows = await store.db
    .selectFrom('posts')
    .select(['source_id', 'slug', 'title', 'published_at'])
    .where('review_state', '=', 'pending')
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .offset(options.offset ?? 0)
    .execute()
  const count = await store.db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('review_state', '=', 'pending')
    .executeTakeFirstOrThrow()
  return {
    items: rows.map((row) => ({
      sourceId: row.source_id,
      slug: row.slug,
      title: row.title,
      publishedAt: row.published_at,
    })),
    pending: Number(count.n),
  }
}

/**
 * Records an editor's decision on posts named by source id or slug, in one transaction: all
 * or, when one name is unknown, none. A rejected post leaves every archive (its term links go);
 * approving it again files it back under its terms. Searches, feeds, sitemaps and Similar Posts
 * read the state at request time, and the purge log tells every site's cache, so the change
 * shows at once.
 */
export async function decideReview(
  store: Store,
  names: readonly string[],
  decision: ReviewDecision,
): Promise<ReviewChange[]> {
  return store.db.transaction().execute(async (trx) => {
    const changes: ReviewChange[] = []
    const counts = new TermCountChanges()
    for (const name of names) {
      const row = await trx
        .selectFrom('posts')
        .select(['id', 'source_id', 'slug', 'review_state', 'published_at', 'document'])
        .where((eb) => eb.or([eb('source_id', '=', name), eb('slug', '=', name)]))
        .executeTakeFirst()
      if (!row)
        throw new AppError(
          'POST_NOT_FOUND',
          `no post has the source id or slug ${JSON.stringify(name)}`,
        )
      changes.push({
        sourceId: row.source_id,
        slug: row.slug,
        from: row.review_state,
        to: decision,
      })
      if (row.review_state === decision) continue
      await trx
        .updateTable('posts')
        .set({ review_state: decision })
        .where('id', '=', row.id)
        .execute()
      if (decision === 'rejected') {
        const unlinked = await trx
          .deleteFrom('post_terms')
          .where('post_id', '=', row.id)
          .returning('term_id')
          .execute()
        for (const { term_id } of unlinked) counts.unlinked(term_id)
      } else if (row.review_state === 'rejected')
        await linkTerms(trx, row.id, JSON.parse(row.document) as Post, row.published_at, counts)
    }
    await applyTermCounts(trx, counts)
    await recordPurge(
      trx,
      changes
        .filter((change) => change.from !== change.to)
        .map((change) => ({ post: change.sourceId })),
    )
    return changes
  })
}

const HOLD_IDS = 10_000
const RELEASE_CHUNK = 500

/** How far a long review change is: `done` of `total` posts looked at. */
export type OnReviewProgress = (done: number, total: number) => void

/**
 * Applies "every synthesized post awaits review" to posts already stored, which importing
 * with that switch does only for the posts it writes: each generated post that needs no
 * review moves to `pending`. Editors' decisions stand. One transaction, then one purge of
 * every cached page (lists and sitemaps change too). `updated_at` stays, so Similar Posts and
 * their stored features do not take the posts for changed: their lists filter by review
 * state when read. Returns how many posts changed state.
 */
export const holdGenerated = (store: Store, onProgress: OnReviewProgress = () => {}) =>
  changeGenerated(store, holdAll, onProgress)

/**
 * Undoes holdGenerated: each generated `pending` post moves back to `not_required` unless
 * the post itself asks for review (`flags.needs_human_review`). As holdGenerated otherwise.
 */
export const releaseGenerated = (store: Store, onProgress: OnReviewProgress = () => {}) =>
  changeGenerated(store, releaseAll, onProgress)

async function changeGenerated(
  store: Store,
  step: (trx: Transaction<Tables>, onProgress: OnReviewProgress) => Promise<number>,
  onProgress: OnReviewProgress,
): Promise<number> {
  return store.db.transaction().execute(async (trx) => {
    const changed = await step(trx, onProgress)
    if (changed > 0) await recordPurge(trx, [{ all: true }])
    return changed
  })
}

// By ranges of ids, so that holding a million posts, about a minute of rewriting rows (as long
// as one statement took), can say how far it is.
async function holdAll(trx: Transaction<Tables>, onProgress: OnReviewProgress): Promise<number> {
  const { maxId } = await trx
    .selectFrom('posts')
    .select((eb) => eb.fn.max('id').as('maxId'))
    .executeTakeFirstOrThrow()
  const last = Number(maxId ?? 0)
  let held = 0
  for (let after = 0; after < last; after += HOLD_IDS) {
    const result = await trx
      .updateTable('posts')
      .set({ review_state: 'pending' })
      .where('id', '>', after)
      .where('id', '<=', after + HOLD_IDS)
      .where('generated', '=', 1)
      .where('review_state', '=', 'not_required')
      .executeTakeFirst()
    held += Number(result.numUpdatedRows)
    onProgress(Math.min(after + HOLD_IDS, last), last)
  }
  return held
}

// Whether a post asks for review is in its document, so the pending posts (a third of a
// synthesized archive) are read a chunk at a time, found by their ids from the review index.
async function releaseAll(trx: Transaction<Tables>, onProgress: OnReviewProgress): Promise<number> {
  const pending = await trx
    .selectFrom('posts')
    .select('id')
    .where('review_state', '=', 'pending')
    .orderBy('id')
    .execute()
  let released = 0
  for (let at = 0; at < pending.length; at += RELEASE_CHUNK) {
    const rows = await trx
      .selectFrom('posts')
      .select(['id', 'document'])
      .where(
        'id',
        'in',
        pending.slice(at, at + RELEASE_CHUNK).map((row) => row.id),
      )
      .where('generated', '=', 1)
      .execute()
    const ids = rows
      .filter((row) => !needsReview(JSON.parse(row.document) as Post))
      .map((row) => row.id)
    if (ids.length > 0) {
      await trx
        .updateTable('posts')
        .set({ review_state: 'not_required' })
        .where('id', 'in', ids)
        .execute()
      released += ids.length
    }
    onProgress(Math.min(at + RELEASE_CHUNK, pending.length), pending.length)
  }
  return released
}

async function linkTerms(
  db: Kysely<Tables> | Transaction<Tables>,
  postId: number,
  post: Post,
  publishedAt: string | null,
  counts: TermCountChanges,
): Promise<void> {
  for (const term of postTerms(post)) {
    await db
      .insertInto('terms')
      .values(term)
      .onConflict((oc) => oc.columns(['kind', 'name']).doNothing())
      .execute()
    const { id } = await db
      .selectFrom('terms')
      .select('id')
      .where('kind', '=', term.kind)
      .where('name', '=', term.name)
      .executeTakeFirstOrThrow()
    const linked = await db
      .insertInto('post_terms')
      .values({ post_id: postId, term_id: id, published_at: publishedAt })
      .onConflict((oc) => oc.columns(['post_id', 'term_id']).doNothing())
      .returning('term_id')
      .execute()
    if (linked.length > 0) counts.linked(id)
  }
}
