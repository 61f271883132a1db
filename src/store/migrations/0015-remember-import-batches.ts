import type { Kysely } from 'kysely'

/**
 * Batches an import wrote or found unchanged as a whole, by a digest of their records' source
 * fingerprints, with the source ids they hold: a later run that reads the same batch learns
 * that all of it is stored as read from one row, instead of looking its records up one by
 * one (docs/performance/import.md). A row is trusted only while no later run has updated a post.
 */
export const rememberImportBatches = () => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('import_batches')
      .addColumn('digest', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'integer', (c) =>
        c.notNull().references('import_runs.id').onDelete('cascade'),
      )
      // A JSON array, in the batch's order.
      .addColumn('source_ids', 'text', (c) => c.notNull())
      .execute()
    // Rows of runs before the last one that updated posts are deleted by run.
    await db.schema
      .createIndex('import_batches_run_idx')
      .on('import_batches')
      .column('run_id')
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('import_batches').execute()
  },
})
