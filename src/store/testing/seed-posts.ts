import { type Post, sourceIdOf } from '../../content/index.ts'
import { randomPost } from '../../content/testing/random-post.ts'
import type { Store } from '../open-store.ts'
import { postRecord } from '../post-writer.ts'

/** Writes each post under the given identity (a different post under a known one is an update). */
export async function writeRecords(
  store: Store,
  items: ReadonlyArray<{ post: Post; sourceId: string }>,
  /** Records per write, all in one transaction, as the importer writes a batch's parts. */
  options: { recordsPerWrite?: number } = {},
): Promise<void> {
  const writer = store.createPostWriter()
  const records = items.map(({ post, sourceId }) =>
    postRecord(post, { sourceId, sourceFingerprint: `test-${sourceId}` }),
  )
  const now = new Date().toISOString()
  const size = options.recordsPerWrite ?? records.length
  await store.db.transaction().execute(async (trx) => {
    for (let start = 0; start < records.length; start += size)
      await writer.write(trx, records.slice(start, start + size), now)
    await writer.finish(trx)
  })
  writer.committed()
}

/** Writes posts, each with its `meta.payload.source_id`, through the store's own writer. */
export async function writePosts(store: Store, posts: readonly Post[]): Promise<void> {
  await writeRecords(
    store,
    posts.map((post) => {
      const sourceId = sourceIdOf(post)
      if (!sourceId) throw new Error(`test post "${post.title}" has no meta.payload.source_id`)
      return { post, sourceId }
    }),
  )
}

/** Writes varied test posts for seeds from..from+count-1 through the store's own writer. */
export async function seedPosts(store: Store, from: number, count: number): Promise<void> {
  await writeRecords(
    store,
    Array.from({ length: count }, (_, i) => ({
      post: randomPost(from + i),
      sourceId: `alphanode-${String(from + i).padStart(6, '0')}`,
    })),
  )
}

/** Every stored Similar Posts row, by post and rank. */
export const storedRelated = (store: Store) =>
  store.db.selectFrom('related_posts').selectAll().orderBy('post_id').orderBy('rank').execute()

export const PLACEHOLDER = 'placeholder'

/**
 * A post row without text or terms, whose id makes the next posts' ids follow it: how tests
 * reach a second full-text shard without writing 131,072 posts. Delete it (by source id
 * `PLACEHOLDER`) once the posts are written.
 */
export async function placeholderPost(store: Store, id: number): Promise<void> {
  const now = new Date().toISOString()
  await store.db
    .insertInto('posts')
    .values({
      id,
      source_id: PLACEHOLDER,
      slug: PLACEHOLDER,
      title: PLACEHOLDER,
      published_at: null,
      review_state: 'not_required',
      generated: 0,
      document: '{}',
      fingerprint: '',
      source_fingerprint: '',
      created_at: now,
      updated_at: now,
    })
    .execute()
}
