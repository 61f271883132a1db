import { describe, expect, it } from 'vitest'
import { seedPosts } from './testing/seed-posts.ts'
import { testDatabases, testDialects } from './testing/test-stores.ts'

const databases = testDatabases()

// Every byte value, zeros among them, and an empty list: the reader must return them as stored.
const STORED = new Map<number, Uint8Array>([
  [1, Uint8Array.from({ length: 256 }, (_, i) => i)],
  [2, new Uint8Array(0)],
  [3, Uint8Array.of(0, 0, 0)],
  [7, Uint8Array.of(255, 0, 128)],
])

describe.each(await testDialects())('stored feature pages on %s', (dialect) => {
  it('return each post’s bytes as stored, in id order, within the bounds and the limit', async () => {
    const database = await databases.create(dialect)
    const store = await database.open()
    try {
      await seedPosts(store, 0, 8)
      await store.db
        .insertInto('post_features')
        .values(
          [...STORED].map(([id, bytes]) => ({
            post_id: id,
            updated_at: 'x',
            version: 1,
            features: Buffer.from(bytes),
          })),
        )
        .execute()
      const read = store.createFeaturePageReader()
      const asArrays = async (after: number, before: number, limit: number) =>
        (await read(after, before, limit)).map(([id, bytes]) => [id, [...bytes]])
      expect(await asArrays(0, 100, 10)).toEqual([...STORED].map(([id, b]) => [id, [...b]]))
      expect(await asArrays(1, 100, 2)).toEqual([
        [2, []],
        [3, [0, 0, 0]],
      ])
      expect(await asArrays(0, 7, 10)).toHaveLength(3)
      expect(await asArrays(7, 100, 10)).toEqual([])
    } finally {
      await store.close()
    }
  })
})
