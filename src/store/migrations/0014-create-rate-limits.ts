import type { Kysely } from 'kysely'

/**
 * Request counters by key (a route and an address), one window each, kept in the database so
 * that every site thread and every web node counts together when there is no Redis: login
 * attempts were counted per thread, so an address got the limit once per thread.
 */
export const createRateLimits = () => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'text', (c) => c.primaryKey())
      // Milliseconds since the epoch: a float, which both drivers read as a number.
      .addColumn('window_started_ms', 'double precision', (c) => c.notNull())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .execute()
    // Windows long over are deleted by age.
    await db.schema
      .createIndex('rate_limits_window_idx')
      .on('rate_limits')
      .column('window_started_ms')
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('rate_limits').execute()
  },
})
