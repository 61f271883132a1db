import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Capabilities } from '../capabilities.ts'
import type { Tables } from '../schema.ts'

export const postgresCapabilities: Capabilities = {
  fullText: 'tsvector',
  identityType: 'bigserial',
  bytesType: 'bytea',
  backup: 'pg-dump',
  explain: 'explain-json',
  maxParameters: 65_535,
  triggers: 'plpgsql',
  indexCatalog: 'pg_indexes',
  analyzeAfterBulkLoad: true,
}

// int8 (bigserial ids, counts) as JS numbers: ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

export interface PostgresConnection {
  db: Kysely<Tables>
  capabilities: Capabilities
  pool: pg.Pool
  close(): Promise<void>
}

export function openPostgres(url: string, options: { max?: number } = {}): PostgresConnection {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 })
  // An idle connection the server ends (a restart, a failover) is dropped from the pool and
  // replaced on next use; without a listener the 'error' event would end the process.
  pool.on('error', () => {})
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) })
  return {
    db,
    capabilities: postgresCapabilities,
    pool,
    close: async () => {
      await db.destroy()
    },
  }
}
