import type { Store } from '../store/index.ts'
import { INDEXABLE } from './feature-reading.ts'

export const FINDABLE = 0
export const AWAITING_REVIEW = 1
export const REJECTED = 2

/** Every post's review state as far as Similar Posts care, by post id, and how many there are. */
export interface ReviewStates {
  /**
   * FINDABLE, AWAITING_REVIEW or REJECTED by post id (shared memory, for worker threads);
   * ids past the end were written after it was read.
   */
  byId: Uint8Array
  maxId: number
  posts: number
  rejected: number
}

/** How many posts there are (rejected ones too), and the highest id. */
export interface ArchiveSize {
  posts: number
  maxId: number
}

export async function archiveSize(store: Store): Promise<ArchiveSize> {
  const size = await store.db
    .selectFrom('posts')
    .select((eb) => [eb.fn.countAll<number>().as('posts'), eb.fn.max('id').as('maxId')])
    .executeTakeFirstOrThrow()
  return { posts: Number(size.posts), maxId: Number(size.maxId ?? 0) }
}

/**
 * Reads which posts readers cannot find (a third of a synthesized archive awaits review) into
 * a flat array by post id: a Map of them took longer to fill than the query took to run.
 */
export async function reviewStates(
  store: Store,
  size: ArchiveSize | undefined = undefined,
): Promise<ReviewStates> {
  const { posts, maxId } = size ?? (await archiveSize(store))
  const byId = new Uint8Array(new SharedArrayBuffer(maxId + 1))
  let rejected = 0
  for (const row of await store.db
    .selectFrom('posts')
    .select(['id', 'review_state'])
    .where('review_state', 'not in', [...INDEXABLE])
    .execute()) {
    byId[row.id] = row.review_state === 'rejected' ? REJECTED : AWAITING_REVIEW
    if (row.review_state === 'rejected') rejected++
  }
  return { byId, maxId, posts, rejected }
}

/** Whether a post with stored features takes part: known to this run and not rejected. */
export const takesPart = (byId: Uint8Array, id: number): boolean =>
  id < byId.length && byId[id] !== REJECTED
