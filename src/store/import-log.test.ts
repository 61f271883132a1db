import { describe, expect, it } from 'vitest'
import { createImportLog, markSeen as portableMarkSeen } from './import-log.ts'
import { testDatabases, testDialects } from './testing/test-stores.ts'

const databases = testDatabases()

for (const dialect of await testDialects()) {
  describe(`import log on ${dialect}`, () => {
    for (const marker of ["the store's", 'the portable'] as const)
      it(`resumes only the latest unfinished run over the same inputs, and clears seen lists once one finishes (${marker} seen marker)`, async () => {
        const database = await databases.create(dialect)
        const store = await database.open()
        const log = {
          ...createImportLog(store.db),
          markSeen: marker === 'the portable' ? portableMarkSeen : store.createSeenMarker(),
        }
        const now = new Date().toISOString()
        try {
          const first = await log.start(['a.ndjson'], 'key-a', now)
          await store.db
            .transaction()
            .execute((trx) =>
              log.markSeen(trx, first, [{ sourceId: 'x', file: 'a.ndjson', line: 1 }]),
            )
          await store.db
            .updateTable('import_runs')
            .set({ status: 'interrupted' })
            .where('id', '=', first)
            .execute()
          expect((await log.findResumable('key-a'))?.id).toBe(first)
          expect(await log.findResumable('key-b')).toBeUndefined()

          const second = await log.start(['a.ndjson'], 'key-a', now)
          const repeated = await store.db.transaction().execute((trx) =>
            log.markSeen(trx, second, [
              { sourceId: 'x', file: 'a.ndjson', line: 1 },
              { sourceId: 'y', file: 'a.ndjson', line: 2 },
            ]),
          )
          expect(repeated.size).toBe(0)
          const again = await store.db
            .transaction()
            .execute((trx) =>
              log.markSeen(trx, second, [{ sourceId: 'y', file: 'a.ndjson', line: 9 }]),
            )
          expect(again.get('y')).toEqual({ file: 'a.ndjson', line: 2 })

          await log.finish(second, 'succeeded', now)
          expect(await log.findResumable('key-a')).toBeUndefined()
          const left = await store.db.selectFrom('import_seen').select('run_id').execute()
          expect(left).toEqual([])
        } finally {
          await store.close()
        }
      })
  })
}
