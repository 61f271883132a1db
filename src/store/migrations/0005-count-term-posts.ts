import { type Kysely, sql } from 'kysely'
import type { Capabilities } from '../capabilities.ts'

/**
 * Each term keeps the number of posts filed under it, so an archive index (every stack with
 * its count) reads a few rows instead of counting a million links per request. Triggers on
 * post_terms kept it here; 0008 moved that into the writers, per batch.
 */
export const countTermPosts = (caps: Capabilities) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('terms')
      .addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    await sql`update terms set post_count = (select count(*) from post_terms where post_terms.term_id = terms.id)`.execute(
      db,
    )
    await createCountTriggers(db, caps)
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await dropCountTriggers(db, caps)
    await db.schema.alterTable('terms').dropColumn('post_count').execute()
  },
})

export async function createCountTriggers(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  if (caps.triggers === 'sqlite') {
    await sql`create trigger post_terms_count_insert after insert on post_terms begin
      update terms set post_count = post_count + 1 where id = new.term_id; end`.execute(db)
    await sql`create trigger post_terms_count_delete after delete on post_terms begin
      update terms set post_count = post_count - 1 where id = old.term_id; end`.execute(db)
    return
  }
  await sql`create function post_terms_count() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update terms set post_count = post_count + 1 where id = new.term_id;
      else
        update terms set post_count = post_count - 1 where id = old.term_id;
      end if;
      return null;
    end $$`.execute(db)
  await sql`create trigger post_terms_count after insert or delete on post_terms
    for each row execute function post_terms_count()`.execute(db)
}

export async function dropCountTriggers(db: Kysely<unknown>, caps: Capabilities): Promise<void> {
  if (caps.triggers === 'sqlite') {
    await sql`drop trigger post_terms_count_insert`.execute(db)
    await sql`drop trigger post_terms_count_delete`.execute(db)
  } else {
    await sql`drop trigger post_terms_count on post_terms`.execute(db)
    await sql`drop function post_terms_count()`.execute(db)
  }
}
