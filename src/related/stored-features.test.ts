import { describe, expect, it } from 'vitest'
import { type Post, sourceIdOf } from '../content/index.ts'
import type { Store } from '../store/index.ts'
import { writePosts } from '../store/testing/seed-posts.ts'
import { testDatabases, testDialects } from '../store/testing/test-stores.ts'
import { synthesizePost } from '../synth/index.ts'
import { FEATURES_VERSION, postFeatures } from './features.ts'
import { computeNeighbours } from './neighbours.ts'
import { loadCorpus, rebuildRelated, reviewRule } from './rebuild-related.ts'
import { readStoredFeatures, refreshStoredFeatures } from './stored-features.ts'

const databases = testDatabases()

/** Each post's stored features, as names, by source id. */
async function storedNames(store: Store): Promise<Map<string, string[]>> {
  const names = await refreshStoredFeatures(store, 0)
  const ids = new Map(
    (await store.db.selectFrom('posts').select(['id', 'source_id']).execute()).map((row) => [
      row.id,
      row.source_id,
    ]),
  )
  const stored = new Map<string, string[]>()
  ;(await readStoredFeatures(store)).forEach((id, features) => {
    stored.set(ids.get(id)!, Array.from(features, (number) => names.name(number)!).sort())
  })
  return stored
}

describe.each(await testDialects())('stored Similar Posts features on %s', (dialect) => {
  it('hold each post’s features, read again only for posts written since or stored by another version, and go with their post', async () => {
    const database = await databases.create(dialect)
    const store = await database.open()
    try {
      const posts = Array.from({ length: 30 }, (_, seed) => synthesizePost(seed))
      await writePosts(store, posts)
      const reads: number[] = []
      await refreshStoredFeatures(store, 0, (done, total) => reads.push(done, total))
      expect(reads).toEqual([30, 30])
      const stored = await storedNames(store)
      expect(stored.size).toBe(30)
      for (const post of posts)
        expect(stored.get(sourceIdOf(post)!)).toEqual([...postFeatures(post)].sort())

      // A changed post and a new one are read; the other 29 are not.
      const changed: Post = { ...posts[3]!, title: 'Quarantined webhooks in a zig monorepo' }
      await new Promise((resolve) => setTimeout(resolve, 5))
      await writePosts(store, [changed, synthesizePost(100)])
      reads.length = 0
      await refreshStoredFeatures(store, 2, (done, total) => reads.push(done, total))
      expect(reads).toEqual([2, 2])
      const after = await storedNames(store)
      expect(after.get(sourceIdOf(changed)!)).toContain('title:zig')
      expect(after.size).toBe(31)

      // Features made by another version of the extraction code are made again.
      await store.db
        .updateTable('post_features')
        .set({ version: FEATURES_VERSION + 1 })
        .where('post_id', '<=', 3)
        .execute()
      reads.length = 0
      await refreshStoredFeatures(store, 0, (done, total) => reads.push(done, total))
      expect(reads).toEqual([3, 3])
      expect(await storedNames(store)).toEqual(after)

      await store.db.deleteFrom('posts').where('source_id', '=', 'alphanode-000007').execute()
      expect((await storedNames(store)).has('alphanode-000007')).toBe(false)
    } finally {
      await store.close()
    }
  })

  it('give the same Similar Posts as features taken from the documents in memory', async () => {
    const database = await databases.create(dialect)
    const store = await database.open()
    try {
      await writePosts(
        store,
        Array.from({ length: 400 }, (_, seed) => synthesizePost(seed * 3)),
      )
      await store.db
        .updateTable('posts')
        .set({ review_state: 'pending' })
        .where('id', '<', 60)
        .execute()
      await rebuildRelated(store, { k: 4, bodyWords: 8 })
      const corpus = await loadCorpus(store)
      const expected = computeNeighbours(corpus, { k: 4, bodyWords: 8 }, reviewRule(corpus.states))
      const rows = await store.db
        .selectFrom('related_posts')
        .select(['post_id', 'related_id', 'score'])
        .orderBy('post_id')
        .orderBy('rank')
        .execute()
      const lists = new Map<number, Array<{ id: number; score: number }>>()
      for (const row of rows)
        lists.set(row.post_id, [
          ...(lists.get(row.post_id) ?? []),
          { id: row.related_id, score: row.score },
        ])
      expect(lists.size).toBe(400)
      for (const [id, list] of expected)
        expect(lists.get(id), `post ${id}`).toEqual(
          // PostgreSQL stores scores as `real`: six digits.
          list.map((n) => ({ id: n.id, score: expect.closeTo(n.score, 6) })),
        )
    } finally {
      await store.close()
    }
  })
})
