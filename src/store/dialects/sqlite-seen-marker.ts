import type Database from 'better-sqlite3'
import type { MarkSeen } from '../import-log.ts'

/**
 * MarkSeen for SQLite: one cached single-row insert per identity on the connection the
 * caller's transaction holds. Kysely's 500-row insert is built, compiled and prepared anew
 * for every batch: in a profile of 200,000 posts the import's queries other than the post
 * writer's took 14.4 s of the main thread with it and 12.6 s with these
 * (docs/performance/import.md).
 */
export function createSqliteSeenMarker(native: Database.Database): MarkSeen {
  const insert = native.prepare<[number, string, string, number]>(
    `insert into import_seen (run_id, source_id, file, line) values (?, ?, ?, ?)
     on conflict (run_id, source_id) do nothing`,
  )
  const first = native.prepare<[number, string], { file: string; line: number }>(
    'select file, line from import_seen where run_id = ? and source_id = ?',
  )
  return async (_trx, runId, entries) => {
    const earlier = new Map<string, { file: string; line: number }>()
    for (const { sourceId, file, line } of entries)
      if (insert.run(runId, sourceId, file, line).changes === 0) {
        const seen = first.get(runId, sourceId)!
        earlier.set(sourceId, { file: seen.file, line: seen.line })
      }
    return earlier
  }
}
