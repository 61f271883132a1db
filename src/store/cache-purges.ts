import type { Kysely, Transaction } from 'kysely'
import type { Tables } from './schema.ts'

/**
 * What a running site must drop from its cache: one route and its forms (`path`), every page
 * of a cache rule (`rule`), every page that shows a post (`post`, a source id), only the
 * post's own page and forms (`postPage`), or everything.
 */
export type PurgeTarget =
  | { path: string }
  | { rule: string }
  | { post: string }
  | { postPage: string }
  | { all: true }

export interface RecordedPurge {
  id: number
  targets: PurgeTarget[]
}

// More posts than this in one change purge everything: cheaper than resolving each page.
export const MAX_POSTS_PER_PURGE = 200

type Db = Kysely<Tables> | Transaction<Tables>

/**
 * Records a purge in the database's purge log, which every site process follows. Call it in
 * the transaction that changes the content, so a purge is logged exactly when the change lands.
 */
export async function recordPurge(db: Db, targets: readonly PurgeTarget[], now = new Date()) {
  if (targets.length === 0) return
  const posts = targets.filter((target) => 'post' in target).length
  const stored = posts > MAX_POSTS_PER_PURGE ? [{ all: true }] : targets
  await db
    .insertInto('cache_purges')
    .values({ targets: JSON.stringify(stored), created_at: now.toISOString() })
    .execute()
}

/** Purges logged after `afterId`, oldest first. */
export async function purgesAfter(db: Db, afterId: number, limit = 500): Promise<RecordedPurge[]> {
  const rows = await db
    .selectFrom('cache_purges')
    .select(['id', 'targets'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((row) => ({ id: Number(row.id), targets: JSON.parse(row.targets) }))
}

/** The newest purge's id (0 for none): where a starting site begins to follow the log. */
export async function lastPurgeId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('cache_purges')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst()
  return Number(row?.id ?? 0)
}

/** Drops log entries older than `before`: a site only ever reads the ones after its start. */
export async function prunePurges(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('cache_purges').where('created_at', '<', before.toISOString()).execute()
}
