import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { checkQueryPlans } from '../store/index.ts'
import { seedPosts, storedRelated } from '../store/testing/seed-posts.ts'
import { testDatabases, testDialects } from '../store/testing/test-stores.ts'
import { explainRelated, rebuildRelated } from './rebuild-related.ts'

const databases = testDatabases()

for (const dialect of await testDialects()) {
  describe(`related posts on ${dialect}`, () => {
    it('stores k ranked suggestions per post, replaces them on rebuild, and explains them', async () => {
      const database = await databases.create(dialect)
      const store = await database.open()
      try {
        await seedPosts(store, 0, 120)
        await store.db
          .updateTable('posts')
          .set({ review_state: 'rejected' })
          .where('source_id', '=', 'alphanode-000005')
          .execute()
        const progress: string[] = []
        const first = await rebuildRelated(store, { k: 3, maxShare: 0.5 }, (p) =>
          progress.push(`${p.phase} ${p.done}/${p.total}`),
        )
        // Every post's features are read and stored; rejected ones are not scored.
        expect(progress).toEqual(['reading 120/120', 'weighing 120/120', 'vectors 119/119'])
        expect(first.posts).toBe(119)
        if (dialect === 'postgres') {
          // The rewritten table is analyzed at once, not when autovacuum comes round.
          const { rows: stats } = await sql<{ analyzed: Date | null }>`
            select last_analyze as analyzed from pg_stat_user_tables
            where relid = 'related_posts'::regclass`.execute(store.db)
          expect(stats[0]?.analyzed).toBeInstanceOf(Date)
        }
        const rows = await storedRelated(store)
        expect(rows.length).toBe(first.links)
        const rejected = await store.db
          .selectFrom('posts')
          .select('id')
          .where('source_id', '=', 'alphanode-000005')
          .executeTakeFirstOrThrow()
        expect(
          rows.some((row) => row.related_id === rejected.id || row.post_id === rejected.id),
        ).toBe(false)
        for (const row of rows) expect(row.rank).toBeGreaterThanOrEqual(1)
        progress.length = 0
        const again = await rebuildRelated(store, { k: 3, maxShare: 0.5 }, (p) =>
          progress.push(`${p.phase} ${p.done}/${p.total}`),
        )
        expect(again).toEqual(first)
        // Nothing changed since: no document is read again.
        expect(progress).toEqual(['weighing 120/120', 'vectors 119/119'])
        // Every hot query still seeks after a rebuild, the index of who lists whom included.
        const plans = await checkQueryPlans(store)
        expect(plans.flatMap((report) => report.problems)).toEqual([])
        expect(await storedRelated(store)).toEqual(rows)
        const explained = await explainRelated(store, 'alphanode-000001', { maxShare: 0.5 })
        expect(explained!.length).toBeGreaterThan(0)
        expect(explained![0]!.shared.length).toBeGreaterThan(0)
        expect(await explainRelated(store, 'no-such-post')).toBeUndefined()
      } finally {
        await store.close()
      }
    })

    it('scores on worker threads exactly as on one thread, review rule included', async () => {
      const database = await databases.create(dialect)
      const store = await database.open()
      const stored = () =>
        store.db
          .selectFrom('related_posts')
          .selectAll()
          .orderBy('post_id')
          .orderBy('rank')
          .execute()
      try {
        // Features read by two threads from 2,000 posts on, then scored in chunks of 512
        // posts by two; every seventh post awaits review.
        await seedPosts(store, 0, 2100)
        await sql`update posts set review_state = 'pending' where id % 7 = 0`.execute(store.db)
        const features = () =>
          store.db
            .selectFrom('post_features')
            .select(['post_id', 'features'])
            .orderBy('post_id')
            .execute()
        const threaded = await rebuildRelated(store, { threads: 2, maxShare: 0.5 })
        const byThreads = { lists: await stored(), features: await features() }
        expect(byThreads.features.length).toBe(2100)
        await store.db.deleteFrom('post_features').execute()
        const alone = await rebuildRelated(store, { threads: 0, maxShare: 0.5 })
        expect(threaded).toEqual(alone)
        expect(alone.links).toBeGreaterThan(2100 * 4)
        expect({ lists: await stored(), features: await features() }).toEqual(byThreads)
      } finally {
        await store.close()
      }
    })
  })
}
