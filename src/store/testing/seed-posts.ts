import { isGenerated, needsReview, postFingerprint } from '../../content/index.ts'
import { randomPost } from '../../content/testing/random-post.ts'
import type { Store } from '../open-store.ts'

/** Writes varied test posts for seeds from..from+count-1 through the store's own writer. */
export async function seedPosts(store: Store, from: number, count: number): Promise<void> {
  const writer = store.createPostWriter()
  const records = Array.from({ length: count }, (_, i) => {
    const post = randomPost(from + i)
    const document = JSON.stringify(post)
    const sourceId = `alphanode-${String(from + i).padStart(6, '0')}`
    return {
      post,
      sourceId,
      document,
      fingerprint: postFingerprint(post, document),
      sourceFingerprint: `test-${sourceId}`,
      needsReview: needsReview(post),
      generated: isGenerated(post),
    }
  })
  await store.db
    .transaction()
    .execute((trx) => writer.write(trx, records, new Date().toISOString()))
  writer.commitTerms()
}
