import type { Logger } from 'pino'
import type { Config } from '../config.ts'
import type { Store } from '../store/index.ts'

/** Config and logger for a command, loaded on demand so --help stays light. */
export async function commandContext(): Promise<{ config: Readonly<Config>; log: Logger }> {
  const { loadConfig } = await import('../config.ts')
  const { createLogger } = await import('../log.ts')
  const config = loadConfig()
  return { config, log: createLogger(config) }
}

/** Opens the database (`--db`, else ALPHANODE_DB, else ./data/alphanode.db), migrated, for `work`. */
export async function withStore<T>(
  url: string,
  log: Logger,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const { migrateToLatest, openStore } = await import('../store/index.ts')
  const store = openStore(url)
  try {
    const applied = await migrateToLatest(store)
    if (applied.length > 0) log.info({ applied, db: store.description }, 'migrations applied')
    return await work(store)
  } finally {
    await store.close()
  }
}

export const DB_OPTION_HELP =
  'database: sqlite:PATH or postgres://USER@HOST/DB (default: $ALPHANODE_DB, else sqlite:./data/alphanode.db)'
