import { describe, expect, it } from 'vitest'
import type { MetaMap, Post } from '../content/index.ts'
import { buildPost } from '../content/testing/build-post.ts'
import { purgesAfter } from './cache-purges.ts'
import { decideReview, holdGenerated, releaseGenerated } from './review.ts'
import { writePosts } from './testing/seed-posts.ts'
import { testDatabases, testDialects } from './testing/test-stores.ts'

const databases = testDatabases()

function post(sourceId: string, payload: MetaMap, flags?: MetaMap): Post {
  const base = buildPost()
  return buildPost({
    title: `${base.title} ${sourceId}`,
    meta: {
      ...base.meta,
      payload: { source_id: sourceId, ...payload },
      ...(flags ? { flags } : {}),
    },
  })
}

const SYNTHESIZED = { generator: 'anp content synthesizer' }

for (const dialect of await testDialects()) {
  describe(`holding synthesized posts for review on ${dialect}`, () => {
    it('holds and releases only what the switch would have, keeping editors’ decisions', async () => {
      const database = await databases.create(dialect)
      const store = await database.open()
      try {
        await writePosts(store, [
          post('plain-generated', SYNTHESIZED),
          post('asks-for-review', SYNTHESIZED, { needs_human_review: 1 }),
          post('approved-generated', SYNTHESIZED),
          post('rejected-generated', SYNTHESIZED),
          post('hand-written', {}),
        ])
        await decideReview(store, ['approved-generated'], 'approved')
        await decideReview(store, ['rejected-generated'], 'rejected')
        const rows = () =>
          store.db
            .selectFrom('posts')
            .select(['source_id', 'review_state', 'updated_at'])
            .orderBy('source_id')
            .execute()
        const states = async () =>
          Object.fromEntries((await rows()).map((row) => [row.source_id, row.review_state]))
        const before = await rows()
        const lastPurge = async () => (await purgesAfter(store.db, 0, 1000)).at(-1)?.id ?? 0
        const purged = await lastPurge()

        expect(await holdGenerated(store)).toBe(1)
        expect(await states()).toEqual({
          'approved-generated': 'approved',
          'asks-for-review': 'pending',
          'hand-written': 'not_required',
          'plain-generated': 'pending',
          'rejected-generated': 'rejected',
        })
        const held = await purgesAfter(store.db, purged)
        expect(held.map((purge) => purge.targets)).toEqual([[{ all: true }]])
        // Not a change to the posts: Similar Posts and stored features must not redo them.
        expect((await rows()).map((row) => row.updated_at)).toEqual(
          before.map((row) => row.updated_at),
        )

        expect(await holdGenerated(store), 'nothing left to hold').toBe(0)
        expect(await lastPurge(), 'no purge when nothing changed').toBe(held[0]!.id)

        expect(await releaseGenerated(store)).toBe(1)
        expect(await states()).toEqual({
          'approved-generated': 'approved',
          'asks-for-review': 'pending',
          'hand-written': 'not_required',
          'plain-generated': 'not_required',
          'rejected-generated': 'rejected',
        })
        expect(await releaseGenerated(store), 'nothing left to release').toBe(0)
      } finally {
        await store.close()
      }
    })
  })
}
