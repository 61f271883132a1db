import { type Kysely, sql, type Transaction } from 'kysely'
import type { Tables } from './schema.ts'

/**
 * How each term's post count moves within one transaction. Every writer of `post_terms`
 * (the post writers, review decisions) counts what it links and unlinks here and applies
 * the sum once per batch: one update per term touched, instead of one per link, which
 * per-row triggers cost (about 20 µs a link on SQLite: a third of a first import).
 */
export class TermCountChanges {
  readonly #deltas = new Map<number, number>()

  linked(termId: number): void {
    this.#deltas.set(termId, (this.#deltas.get(termId) ?? 0) + 1)
  }

  unlinked(termId: number): void {
    this.#deltas.set(termId, (this.#deltas.get(termId) ?? 0) - 1)
  }

  /**
   * Term id and change for each term whose count moved, by term id, so that concurrent
   * writers update the rows they share in one order.
   */
  changes(): Array<[termId: number, delta: number]> {
    return [...this.#deltas].filter(([, delta]) => delta !== 0).sort(([a], [b]) => a - b)
  }

  clear(): void {
    this.#deltas.clear()
  }
}

const ROWS_PER_STATEMENT = 1000

/** Applies the counted changes in the caller's transaction, then forgets them. */
export async function applyTermCounts(
  db: Kysely<Tables> | Transaction<Tables>,
  counts: TermCountChanges,
): Promise<void> {
  const changes = counts.changes()
  counts.clear()
  for (let i = 0; i < changes.length; i += ROWS_PER_STATEMENT) {
    const rows = changes
      .slice(i, i + ROWS_PER_STATEMENT)
      .map(([id, delta]) => sql`(${sql.lit(id)}, ${sql.lit(delta)})`)
    // Integer literals (never user text) keep one plan whatever the row count, on both dialects.
    await sql`with changes (term_id, delta) as (values ${sql.join(rows)})
      update terms set post_count = post_count + changes.delta
      from changes where terms.id = changes.term_id`.execute(db)
  }
}
