import type { Post } from '../content/index.ts'
import { INDEXABLE_STATES, type ReviewState, type Store } from '../store/index.ts'
import { postFeatures } from './features.ts'

/** Review states whose posts readers can find. */
export const INDEXABLE: ReadonlySet<ReviewState> = new Set(INDEXABLE_STATES)

/** Some posts' features: each post's numbers index `names` (the batch's own numbering). */
export interface FeatureBatch {
  ids: Int32Array<ArrayBuffer>
  /** Each post's `updated_at` as read with its document. */
  updatedAt: string[]
  lengths: Int32Array<ArrayBuffer>
  numbers: Int32Array<ArrayBuffer>
  names: string[]
}

/** The posts with these ids, in id order, read and their features extracted. */
export async function readFeatureBatch(
  store: Store,
  ids: readonly number[],
): Promise<FeatureBatch> {
  const rows = ids.length
    ? await store.db
        .selectFrom('posts')
        .select(['id', 'document', 'updated_at'])
        .where('id', 'in', ids)
        .orderBy('id')
        .execute()
    : []
  const names: string[] = []
  const numbering = new Map<string, number>()
  const numbers: number[] = []
  const batch = {
    ids: new Int32Array(rows.length),
    updatedAt: rows.map((row) => row.updated_at),
    lengths: new Int32Array(rows.length),
  }
  for (const [r, row] of rows.entries()) {
    const features = postFeatures(JSON.parse(row.document) as Post)
    batch.ids[r] = row.id
    batch.lengths[r] = features.length
    for (const feature of features) {
      let number = numbering.get(feature)
      if (number === undefined) {
        number = names.length
        numbering.set(feature, number)
        names.push(feature)
      }
      numbers.push(number)
    }
  }
  return { ...batch, numbers: Int32Array.from(numbers), names }
}
