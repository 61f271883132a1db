import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Kysely, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openStore, type Store } from '../open-store.ts'

const dir = mkdtempSync(join(tmpdir(), 'alphanode-checkpoints-'))
const BLOB = 256 << 10

const autocheckpoint = async (db: Kysely<unknown>) =>
  (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)).rows[0]!
    .wal_autocheckpoint

/** Writes `commits` transactions as the importer does; returns why checkpoints failed, if they did. */
async function writeBlobs(store: Store, commits: number): Promise<string | undefined> {
  const checkpoints = store.startBackgroundCheckpoints()
  const db = store.db as unknown as Kysely<unknown>
  try {
    for (let i = 0; i < commits; i++) {
      await checkpoints.ready()
      await sql`insert into blobs (data) values (${randomBytes(BLOB)})`.execute(db)
      checkpoints.committed()
    }
  } finally {
    await checkpoints.close()
  }
  return checkpoints.failure
}

/** A store on a new file with one table of blobs, and its setting before any checkpointer. */
async function blobStore(name: string) {
  const file = join(dir, name)
  const store = openStore(`sqlite:${file}`)
  const db = store.db as unknown as Kysely<unknown>
  await sql`create table blobs (id integer primary key, data blob not null)`.execute(db)
  return { file, store, db, before: await autocheckpoint(db) }
}

describe('background WAL checkpoints on SQLite', () => {
  it('copies the WAL into the database file from another thread, and keeps the WAL from growing', async () => {
    const { file, store, db, before } = await blobStore('copies.db')
    try {
      const checkpoints = store.startBackgroundCheckpoints()
      // This connection no longer checkpoints: any copy into the file is the other thread's.
      expect(await autocheckpoint(db)).toBe(0)
      await checkpoints.close()
      expect(await autocheckpoint(db)).toBe(before)

      expect(await writeBlobs(store, 120)).toBeUndefined()
      const written = 120 * BLOB
      expect(statSync(file).size).toBeGreaterThan(written)
      // Without restarts the WAL would hold every page written; it restarts every 32 commits.
      expect(statSync(`${file}-wal`).size).toBeLessThan(written / 2)
      expect(await autocheckpoint(db)).toBe(before)
    } finally {
      await store.close()
    }
  })

  it('hands checkpoints back to the writing connection when the other thread cannot open the file', async () => {
    const { file, store, db, before } = await blobStore('gone.db')
    try {
      // The open connection keeps the removed file; a new one finds nothing.
      rmSync(file)
      const checkpoints = store.startBackgroundCheckpoints()
      for (let i = 0; i < 50 && checkpoints.failure === undefined; i++)
        await new Promise((resolve) => setTimeout(resolve, 100))
      expect(checkpoints.failure).toMatch(/unable to open|no such file/i)
      expect(await autocheckpoint(db)).toBe(before)
      checkpoints.committed()
      await checkpoints.ready()
      await checkpoints.close()
    } finally {
      await store.close()
    }
  })
})
