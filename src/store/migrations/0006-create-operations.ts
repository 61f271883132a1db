import type { Kysely } from 'kysely'
import type { Capabilities } from '../capabilities.ts'

/**
 * What operations keep in the database, so every web node and every CLI process sees the same:
 * deploys (each start of the site), request figures per minute and node (so "did the last
 * deploy change anything" outlives the process that served before it), cache purges (so an
 * import in another process reaches every site's cache without Redis), editors and their
 * sessions (so logins survive a restart and work on every node).
 */
export const createOperations = (caps: Capabilities) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('deploys')
      .addColumn('id', caps.identityType, (c) => c.primaryKey())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('commit', 'text', (c) => c.notNull())
      .addColumn('node', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('deploys_started_idx')
      .on('deploys')
      .columns(['started_at desc'])
      .execute()

    await db.schema
      .createTable('request_minutes')
      .addColumn('minute', 'text', (c) => c.notNull())
      .addColumn('node', 'text', (c) => c.notNull())
      .addColumn('requests', 'integer', (c) => c.notNull())
      .addColumn('errors', 'integer', (c) => c.notNull())
      // Counts per latency bucket, as a JSON array: percentiles add up across nodes.
      .addColumn('buckets', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('request_minutes_pk', ['minute', 'node'])
      .execute()

    await db.schema
      .createTable('cache_purges')
      .addColumn('id', caps.identityType, (c) => c.primaryKey())
      // JSON list of purge targets: `{ "group": "/posts/x" }`, `{ "rule": "feeds" }`, `{ "all": true }`.
      .addColumn('targets', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('users')
      .addColumn('id', caps.identityType, (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_login_at', 'text')
      .execute()
    await db.schema
      .createTable('sessions')
      // The SHA-256 of the cookie's token: a copy of the table logs nobody in.
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) =>
        c.notNull().references('users.id').onDelete('cascade'),
      )
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['sessions', 'users', 'cache_purges', 'request_minutes', 'deploys'])
      await db.schema.dropTable(table).execute()
  },
})
