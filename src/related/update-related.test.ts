import { describe, expect, it } from 'vitest'
import type { Store } from '../store/index.ts'
import { writePosts } from '../store/testing/seed-posts.ts'
import { testDatabases, testDialects } from '../store/testing/test-stores.ts'
import { synthesizePost } from '../synth/index.ts'
import { rebuildRelated } from './rebuild-related.ts'
import { updateRelated } from './update-related.ts'

const databases = testDatabases()

async function storedLists(store: Store): Promise<Map<number, number[]>> {
  const rows = await store.db
    .selectFrom('related_posts')
    .select(['post_id', 'related_id'])
    .orderBy('post_id')
    .orderBy('rank')
    .execute()
  const lists = new Map<number, number[]>()
  for (const row of rows)
    lists.set(row.post_id, [...(lists.get(row.post_id) ?? []), row.related_id])
  return lists
}

describe.each(await testDialects())('Similar Posts after an import on %s', (dialect) => {
  it('rewrites only the lists that change, and matches a full rebuild (recall@5 >= 0.95 after 0.5% growth)', async () => {
    const database = await databases.create(dialect)
    const store = await database.open()
    try {
      await writePosts(
        store,
        Array.from({ length: 1000 }, (_, seed) => synthesizePost(seed)),
      )
      await rebuildRelated(store)
      const before = await storedLists(store)
      const since = new Date().toISOString()
      await new Promise((resolve) => setTimeout(resolve, 5))
      await writePosts(
        store,
        Array.from({ length: 5 }, (_, i) => synthesizePost(5000 + i)),
      )

      // On two threads, as at scale: the stored lists are read while they read the features.
      const update = await updateRelated(store, since, { threads: 2 })
      expect(update.changed).toBe(5)
      expect(update.rewritten).toBeGreaterThan(5)
      expect(update.rewritten).toBeLessThan(200)
      const updated = await storedLists(store)
      expect(updated.size).toBe(1005)
      const entered = [...updated].filter(
        ([id, list]) => before.has(id) && list.some((other) => !before.has(other)),
      )
      expect(entered.length, 'new posts enter existing lists').toBeGreaterThan(0)

      await rebuildRelated(store)
      const rebuilt = await storedLists(store)
      let found = 0
      let wanted = 0
      for (const [id, list] of rebuilt) {
        const ours = new Set(updated.get(id))
        wanted += list.length
        found += list.filter((other) => ours.has(other)).length
      }
      // Lists nobody touched keep the weights of their last computation: a drift that grows
      // with what was added since the last full rebuild.
      expect(found / wanted).toBeGreaterThanOrEqual(0.95)
      expect(await updateRelated(store, new Date().toISOString())).toEqual({
        changed: 0,
        rewritten: 0,
        links: 0,
      })
    } finally {
      await store.close()
    }
  })
})
