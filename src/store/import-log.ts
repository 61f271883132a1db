import { hostname } from 'node:os'
import type { Kysely, Transaction } from 'kysely'
import type { ImportRunRow, ImportStatus, QuarantineRow, Tables } from './schema.ts'

type Db = Kysely<Tables> | Transaction<Tables>

/** Where the last committed batch of a run ended. */
export interface Checkpoint {
  fileIndex: number
  offset: number
  line: number
}

export interface RunCounts {
  records: number
  inserted: number
  updated: number
  unchanged: number
  quarantined: number
  bytes: number
}

export interface QuarantineEntry {
  file: string
  line: number
  reason: string
  record: string
}

export interface SeenEntry {
  sourceId: string
  file: string
  line: number
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Records the identities of a batch in a run's `import_seen`, in the caller's transaction;
 * returns, for each one this run has already seen, where it was first seen. Duplicates within
 * the batch must already be removed.
 */
export type MarkSeen = (
  trx: Db,
  runId: number,
  entries: readonly SeenEntry[],
) => Promise<Map<string, { file: string; line: number }>>

/** The portable MarkSeen: one multi-row insert per 500 entries. */
export const markSeen: MarkSeen = async (trx, runId, entries) => {
  const earlier = new Map<string, { file: string; line: number }>()
  for (let i = 0; i < entries.length; i += 500) {
    const batch = entries.slice(i, i + 500)
    // One statement for the common case: every identity is new, and all come back.
    const added = await trx
      .insertInto('import_seen')
      .values(
        batch.map((entry) => ({
          run_id: runId,
          source_id: entry.sourceId,
          file: entry.file,
          line: entry.line,
        })),
      )
      .onConflict((oc) => oc.columns(['run_id', 'source_id']).doNothing())
      .returning('source_id')
      .execute()
    if (added.length === batch.length) continue
    const fresh = new Set(added.map((row) => row.source_id))
    const repeated = batch
      .filter((entry) => !fresh.has(entry.sourceId))
      .map((entry) => entry.sourceId)
    const rows = await trx
      .selectFrom('import_seen')
      .select(['source_id', 'file', 'line'])
      .where('run_id', '=', runId)
      .where('source_id', 'in', repeated)
      .execute()
    for (const row of rows) earlier.set(row.source_id, { file: row.file, line: row.line })
  }
  return earlier
}

/** The import_runs, import_seen and quarantine tables: the log of every import. */
export function createImportLog(db: Kysely<Tables>) {
  return {
    /** Marks runs left `running` by a process of this host that no longer exists as `interrupted`. */
    async markInterrupted(): Promise<number> {
      const running = await db
        .selectFrom('import_runs')
        .select(['id', 'pid', 'host'])
        .where('status', '=', 'running')
        .execute()
      const dead = running
        .filter((run) => run.host === hostname() && run.pid !== process.pid && !isAlive(run.pid))
        .map((run) => run.id)
      if (dead.length > 0)
        await db
          .updateTable('import_runs')
          .set({ status: 'interrupted' })
          .where('id', 'in', dead)
          .execute()
      return dead.length
    },

    /** Whether an import is running now: a live process of this host, or any of another's. */
    async running(): Promise<boolean> {
      const runs = await db
        .selectFrom('import_runs')
        .select(['pid', 'host'])
        .where('status', '=', 'running')
        .execute()
      return runs.some((run) => run.host !== hostname() || isAlive(run.pid))
    },

    /**
     * The run --resume continues: the latest run over the same inputs, if it did not finish.
     * Once a later run over them has finished, there is nothing left to resume.
     */
    async findResumable(sourceKey: string): Promise<ImportRunRow | undefined> {
      const latest = await db
        .selectFrom('import_runs')
        .selectAll()
        .where('source_key', '=', sourceKey)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
      return latest && (latest.status === 'interrupted' || latest.status === 'failed')
        ? latest
        : undefined
    },

    async start(source: string[], sourceKey: string, now: string): Promise<number> {
      const row = await db
        .insertInto('import_runs')
        .values({
          source: JSON.stringify(source),
          source_key: sourceKey,
          status: 'running',
          started_at: now,
          host: hostname(),
          pid: process.pid,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },

    async reopen(runId: number): Promise<void> {
      await db
        .updateTable('import_runs')
        .set((eb) => ({
          status: 'running',
          finished_at: null,
          error: null,
          host: hostname(),
          pid: process.pid,
          resumed: eb('resumed', '+', 1),
        }))
        .where('id', '=', runId)
        .execute()
    },

    async quarantine(
      trx: Db,
      runId: number,
      entries: QuarantineEntry[],
      now: string,
    ): Promise<void> {
      for (let i = 0; i < entries.length; i += 500) {
        await trx
          .insertInto('quarantine')
          .values(
            entries
              .slice(i, i + 500)
              .map((entry) => ({ run_id: runId, ...entry, created_at: now })),
          )
          .execute()
      }
    },

    /** Adds a batch's counts and moves the checkpoint, in the batch's own transaction. */
    async advance(
      trx: Db,
      runId: number,
      counts: RunCounts,
      checkpoint: Checkpoint,
    ): Promise<void> {
      await trx
        .updateTable('import_runs')
        .set((eb) => ({
          records: eb('records', '+', counts.records),
          inserted: eb('inserted', '+', counts.inserted),
          updated: eb('updated', '+', counts.updated),
          unchanged: eb('unchanged', '+', counts.unchanged),
          quarantined: eb('quarantined', '+', counts.quarantined),
          bytes: eb('bytes', '+', counts.bytes),
          checkpoint: JSON.stringify(checkpoint),
        }))
        .where('id', '=', runId)
        .execute()
    },

    async finish(
      runId: number,
      status: ImportStatus,
      now: string,
      error?: string,
    ): Promise<ImportRunRow> {
      await db
        .updateTable('import_runs')
        .set({ status, finished_at: now, error: error ?? null })
        .where('id', '=', runId)
        .execute()
      if (status === 'succeeded' || status === 'partial') {
        // The seen lists only serve a resume: this run's, and those of earlier unfinished
        // runs over the same inputs (no longer resumable once this one has finished).
        const run = await db
          .selectFrom('import_runs')
          .select('source_key')
          .where('id', '=', runId)
          .executeTakeFirstOrThrow()
        const stale = db
          .selectFrom('import_runs')
          .select('id')
          .where('source_key', '=', run.source_key)
          .where('id', '<=', runId)
        await db.deleteFrom('import_seen').where('run_id', 'in', stale).execute()
      }
      return db
        .selectFrom('import_runs')
        .selectAll()
        .where('id', '=', runId)
        .executeTakeFirstOrThrow()
    },

    /**
     * The first run whose remembered batches still hold: none since has updated a post, so
     * each post of such a batch is still stored as that run left it (runs that only insert
     * change no stored post, and within one run a post is written once: a second record of it
     * is a duplicate). Older rows are deleted.
     */
    async trustedBatchesSince(runId: number): Promise<number> {
      const row = await db
        .selectFrom('import_runs')
        .select((eb) => eb.fn.max('id').as('id'))
        .where('updated', '>', 0)
        .where('id', '!=', runId)
        .executeTakeFirst()
      const since = Number(row?.id ?? 0)
      await db.deleteFrom('import_batches').where('run_id', '<', since).execute()
      return since
    },

    /** The source ids of a remembered batch, in order, if a run since `since` remembered it. */
    async rememberedBatch(digest: string, since: number): Promise<string[] | undefined> {
      const row = await db
        .selectFrom('import_batches')
        .select('source_ids')
        .where('digest', '=', digest)
        .where('run_id', '>=', since)
        .executeTakeFirst()
      return row && (JSON.parse(row.source_ids) as string[])
    },

    /** Remembers a batch whose every record this run wrote or found unchanged. */
    async rememberBatch(
      trx: Db,
      runId: number,
      digest: string,
      sourceIds: readonly string[],
    ): Promise<void> {
      await trx
        .insertInto('import_batches')
        .values({ digest, run_id: runId, source_ids: JSON.stringify(sourceIds) })
        .onConflict((oc) =>
          oc.column('digest').doUpdateSet((eb) => ({
            run_id: eb.ref('excluded.run_id'),
            source_ids: eb.ref('excluded.source_ids'),
          })),
        )
        .execute()
    },

    async get(runId: number): Promise<ImportRunRow | undefined> {
      return db.selectFrom('import_runs').selectAll().where('id', '=', runId).executeTakeFirst()
    },

    async recent(limit = 20): Promise<ImportRunRow[]> {
      return db
        .selectFrom('import_runs')
        .selectAll()
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()
    },

    async quarantined(runId: number, limit = 100): Promise<QuarantineRow[]> {
      return db
        .selectFrom('quarantine')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('id')
        .limit(limit)
        .execute()
    },
  }
}

export type ImportLog = ReturnType<typeof createImportLog>

export const parseCheckpoint = (text: string | null): Checkpoint =>
  text ? (JSON.parse(text) as Checkpoint) : { fileIndex: 0, offset: 0, line: 0 }
