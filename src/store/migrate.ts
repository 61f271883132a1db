import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration'
import { AppError } from '../errors.ts'
import { restoreDeferredIndexes } from './deferred-indexes.ts'
import { createImportLog } from './import-log.ts'
import { migrationsFor } from './migrations/index.ts'
import type { Store } from './open-store.ts'

function migratorFor(store: Store): Migrator {
  const migrations: Record<string, Migration> = migrationsFor(store.caps)
  return new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } })
}

/**
 * Applies every pending migration, in order, each in its own transaction; then builds any
 * deferred index a killed first import left dropped (store/deferred-indexes.ts), unless an
 * import is running: a first load drops them on purpose, and building them beside it would
 * hold SQLite's write lock longer than the import waits for it.
 */
export async function migrateToLatest(store: Store): Promise<string[]> {
  const names = applied(await migratorFor(store).migrateToLatest())
  if (!(await createImportLog(store.db).running()))
    await restoreDeferredIndexes(store.db, store.caps)
  return names
}

/** Applies the pending migrations up to and including `name`: for tests of one migration's data. */
export async function migrateTo(store: Store, name: string): Promise<string[]> {
  return applied(await migratorFor(store).migrateTo(name))
}

export interface MigrationState {
  name: string
  executedAt: Date | undefined
}

export async function migrationStatus(store: Store): Promise<MigrationState[]> {
  const migrations = await migratorFor(store).getMigrations()
  return migrations.map(({ name, executedAt }) => ({ name, executedAt }))
}

/** True when every known migration has run: what /health/ready checks. */
export async function isSchemaCurrent(store: Store): Promise<boolean> {
  return (await migrationStatus(store)).every((migration) => migration.executedAt !== undefined)
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName
    throw new AppError(
      'CONFIG_INVALID',
      `migration ${failed ?? '(unknown)'} failed: ${(error as Error).message}`,
      { cause: error },
    )
  }
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName)
}
