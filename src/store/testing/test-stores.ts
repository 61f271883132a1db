import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll } from 'vitest'
import { migrateToLatest } from '../migrate.ts'
import { openStore, type Store } from '../open-store.ts'

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres'

/** A database for one test: a fresh SQLite file, or a throwaway PostgreSQL database. */
export interface TestDatabase {
  name: 'sqlite' | 'postgres'
  url: string
  /** Opens the database (migrated unless told not to); the test closes what it opens. */
  open(options?: { migrate?: boolean }): Promise<Store>
  drop(): Promise<void>
}

let postgresReachable: Promise<boolean> | undefined

function adminUrl(): string {
  return process.env.ALPHANODE_TEST_POSTGRES ?? DEFAULT_POSTGRES
}

async function canReachPostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.end()
    return true
  } catch {
    return false
  }
}

/**
 * Which dialects the tests run on. SQLite always. PostgreSQL when reachable; in CI (CI=true)
 * or with ALPHANODE_TEST_POSTGRES set it is required, and an unreachable server fails the
 * tests instead of skipping them. A laptop without PostgreSQL skips them, saying so.
 */
export async function testDialects(): Promise<Array<'sqlite' | 'postgres'>> {
  postgresReachable ??= canReachPostgres()
  const required = process.env.CI === 'true' || process.env.ALPHANODE_TEST_POSTGRES !== undefined
  if (await postgresReachable) return ['sqlite', 'postgres']
  if (required)
    throw new Error(
      `PostgreSQL is required here (CI or ALPHANODE_TEST_POSTGRES) but ${adminUrl()} cannot be reached`,
    )
  console.warn(
    `PostgreSQL tests skipped: ${adminUrl()} cannot be reached (set CI=true to make this an error)`,
  )
  return ['sqlite']
}

export async function createTestDatabase(name: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'alphanode-db-'))
    const url = `sqlite:${join(dir, 'test.db')}`
    return {
      name,
      url,
      open: (options) => opened(url, options),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    }
  }
  const database = `alphanode_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl() })
  await admin.connect()
  await admin.query(`create database ${database}`)
  await admin.end()
  const url = adminUrl().replace(/\/[^/]*$/, `/${database}`)
  return {
    name,
    url,
    open: (options) => opened(url, options),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl() })
      await client.connect()
      await client.query(`drop database if exists ${database} with (force)`)
      await client.end()
    },
  }
}

async function opened(url: string, options: { migrate?: boolean } = {}): Promise<Store> {
  const store = openStore(url)
  if (options.migrate !== false) await migrateToLatest(store)
  return store
}

/**
 * Test databases dropped after the file's tests: `const databases = testDatabases()` at the
 * top of a test file, then `await databases.create('sqlite')` in a test.
 */
export function testDatabases(): { create(name: 'sqlite' | 'postgres'): Promise<TestDatabase> } {
  const created: TestDatabase[] = []
  afterAll(async () => {
    for (const database of created) await database.drop()
  })
  return {
    create: async (name) => {
      const database = await createTestDatabase(name)
      created.push(database)
      return database
    },
  }
}
