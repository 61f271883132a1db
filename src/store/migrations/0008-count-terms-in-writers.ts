import { type Kysely, sql } from 'kysely'
import type { Capabilities } from '../capabilities.ts'
import { createCountTriggers, dropCountTriggers } from './0005-count-term-posts.ts'

/**
 * Term post counts move from per-row triggers to the writers, which add them up per batch
 * (see store/term-counts.ts): the triggers cost a third of a first import.
 */
export const countTermsInWriters = (caps: Capabilities) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await dropCountTriggers(db, caps)
    await recount(db)
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await recount(db)
    await createCountTriggers(db, caps)
  },
})

const recount = (db: Kysely<unknown>) =>
  sql`update terms set post_count = (select count(*) from post_terms where post_terms.term_id = terms.id)`.execute(
    db,
  )
