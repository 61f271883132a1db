/** What a database can do, so code asks for a feature instead of naming a driver. */
export interface Capabilities {
  /** Full-text engine: SQLite FTS5 table, or PostgreSQL tsvector with a GIN index. */
  fullText: 'fts5' | 'tsvector'
  /** Type of an auto-assigned integer primary key in DDL. */
  identityType: 'integer' | 'bigserial'
  /** Type of a column of raw bytes in DDL. */
  bytesType: 'blob' | 'bytea'
  /** Backup: SQLite's online backup API, or pg_dump/pg_restore. */
  backup: 'online-backup-api' | 'pg-dump'
  /** Prefix of a query-plan statement, and how its output reads. */
  explain: 'explain-query-plan' | 'explain-json'
  /** Host parameters one statement may bind (SQLite 32766, PostgreSQL 65535). */
  maxParameters: number
  /** How a trigger body is written: SQLite's inline statements, or a PL/pgSQL function. */
  triggers: 'sqlite' | 'plpgsql'
  /** Where the names of the schema's indexes are listed. */
  indexCatalog: 'sqlite_master' | 'pg_indexes'
  /**
   * Whether a bulk load ends with ANALYZE: PostgreSQL plans by table statistics, which a
   * first load leaves empty until autovacuum runs (never, where it is off). SQLite plans
   * the hot queries well without them, and `db check` verified those plans.
   */
  analyzeAfterBulkLoad: boolean
}
