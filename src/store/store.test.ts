import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { databaseFingerprint } from './database-fingerprint.ts'
import { isSchemaCurrent, migrateToLatest, migrationStatus } from './migrate.ts'
import { restoreStore } from './open-store.ts'
import { checkQueryPlans } from './query-plans.ts'
import { seedPosts } from './testing/seed-posts.ts'
import { testDatabases, testDialects } from './testing/test-stores.ts'

const dir = mkdtempSync(join(tmpdir(), 'alphanode-store-'))
const databases = testDatabases()

for (const dialect of await testDialects()) {
  describe(`store on ${dialect}`, () => {
    it('migrates from nothing, reports every migration applied, and a second run applies none', async () => {
      const database = await databases.create(dialect)
      const store = await database.open({ migrate: false })
      try {
        expect(await isSchemaCurrent(store)).toBe(false)
        expect(await migrateToLatest(store)).toEqual([
          '0001-create-posts',
          '0002-create-full-text',
          '0003-create-import-log',
          '0004-create-related',
        ])
        expect(await migrateToLatest(store)).toEqual([])
        expect(
          (await migrationStatus(store)).every((state) => state.executedAt instanceof Date),
        ).toBe(true)
        expect(await isSchemaCurrent(store)).toBe(true)
      } finally {
        await store.close()
      }
    })

    it('serves every hot query from an index (db check)', async () => {
      const database = await databases.create(dialect)
      const store = await database.open()
      try {
        await seedPosts(store, 0, 300)
        const reports = await checkQueryPlans(store)
        expect(reports.length).toBeGreaterThanOrEqual(10)
        for (const report of reports)
          expect(report.problems, `${report.name}: ${report.plan.join(' | ')}`).toEqual([])
      } finally {
        await store.close()
      }
    })

    it('restores a backup to exactly the database it copied', async () => {
      const database = await databases.create(dialect)
      const store = await database.open()
      const backup = join(dir, `backup-${dialect}-${Date.now()}.bak`)
      let before: string
      try {
        await seedPosts(store, 1000, 200)
        before = await databaseFingerprint(store)
        await store.backup(backup)
        await seedPosts(store, 5000, 50)
        expect(await databaseFingerprint(store)).not.toBe(before)
      } finally {
        await store.close()
      }
      await restoreStore(database.url, backup)
      const restored = await database.open({ migrate: false })
      try {
        expect(await isSchemaCurrent(restored)).toBe(true)
        expect(await databaseFingerprint(restored)).toBe(before)
      } finally {
        await restored.close()
      }
    })
  })
}
