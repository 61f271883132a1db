import { type Kysely, sql } from 'kysely'
import type { Capabilities } from '../capabilities.ts'

/** Import runs (so "are jobs failing" has an answer), the run's seen identities, quarantine. */
export const createImportLog = (caps: Capabilities) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('import_runs')
      .addColumn('id', caps.identityType, (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_key', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('records', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('quarantined', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('error', 'text')
      .addColumn('checkpoint', 'text')
      .addColumn('resumed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('pid', 'integer', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('import_runs_started_idx')
      .on('import_runs')
      .columns(['started_at desc'])
      .execute()
    await db.schema
      .createIndex('import_runs_source_key_idx')
      .on('import_runs')
      .columns(['source_key', 'status'])
      .execute()

    // Identities already read by a run: a second record with one of them is a duplicate. In
    // the database, not in memory, so memory stays flat and a resumed run still knows them.
    let seen = db.schema
      .createTable('import_seen')
      .addColumn('run_id', 'integer', (c) =>
        c.notNull().references('import_runs.id').onDelete('cascade'),
      )
      .addColumn('source_id', 'text', (c) => c.notNull())
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('line', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('import_seen_pk', ['run_id', 'source_id'])
    if (caps.fullText === 'fts5') seen = seen.modifyEnd(sql`without rowid`)
    await seen.execute()

    await db.schema
      .createTable('quarantine')
      .addColumn('id', caps.identityType, (c) => c.primaryKey())
      .addColumn('run_id', 'integer', (c) =>
        c.notNull().references('import_runs.id').onDelete('cascade'),
      )
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('line', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('record', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('quarantine_run_idx')
      .on('quarantine')
      .columns(['run_id', 'id'])
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('quarantine').execute()
    await db.schema.dropTable('import_seen').execute()
    await db.schema.dropTable('import_runs').execute()
  },
})
