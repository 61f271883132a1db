import { type Kysely, sql, type Transaction } from 'kysely'
import type { Tables } from './schema.ts'

type Db = Kysely<Tables> | Transaction<Tables>

export interface RateWindow {
  /** Requests counted in the current window, this one included. */
  hits: number
  /** When the current window began (ms since the epoch). */
  startedMs: number
}

// Every limit the site sets is shorter: a window begun this long ago is over whatever its key.
const KEPT_MS = 24 * 60 * 60 * 1000

/**
 * Counts one request under `key` in a fixed window of `windowMs`, in one statement that every
 * thread and web node may run at once: a window that has ended starts again at `nowMs`.
 * Starting a window also deletes the windows begun a day ago or more.
 */
export async function countRequest(
  db: Db,
  key: string,
  windowMs: number,
  nowMs = Date.now(),
): Promise<RateWindow> {
  const ended = sql<boolean>`rate_limits.window_started_ms + ${windowMs} <= excluded.window_started_ms`
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_started_ms: nowMs, hits: 1 })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        hits: sql`case when ${ended} then 1 else rate_limits.hits + 1 end`,
        window_started_ms: sql`case when ${ended} then excluded.window_started_ms else rate_limits.window_started_ms end`,
      }),
    )
    .returning(['hits', 'window_started_ms'])
    .executeTakeFirstOrThrow()
  const window = { hits: Number(row.hits), startedMs: Number(row.window_started_ms) }
  if (window.hits === 1)
    await db
      .deleteFrom('rate_limits')
      .where('window_started_ms', '<', nowMs - KEPT_MS)
      .execute()
  return window
}

/** The window `countRequest` would add to, without counting (none when it has ended). */
export async function readRequests(
  db: Db,
  key: string,
  windowMs: number,
  nowMs = Date.now(),
): Promise<RateWindow | undefined> {
  const row = await db
    .selectFrom('rate_limits')
    .select(['hits', 'window_started_ms'])
    .where('key', '=', key)
    .executeTakeFirst()
  if (!row || Number(row.window_started_ms) + windowMs <= nowMs) return undefined
  return { hits: Number(row.hits), startedMs: Number(row.window_started_ms) }
}
