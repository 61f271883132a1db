import { Worker } from 'node:worker_threads'
import type { Post } from '../content/index.ts'
import { INDEXABLE_STATES, type ReviewState, type Store } from '../store/index.ts'
import { inOrderOnWorkers } from '../worker-pool.ts'
import type { FeatureSpill } from './feature-spill.ts'
import { postFeatures } from './features.ts'

/** Review states whose posts readers can find. */
export const INDEXABLE: ReadonlySet<ReviewState> = new Set(INDEXABLE_STATES)

/** A range of posts' features: each post's numbers index `names` (the range's own numbering). */
export interface FeatureBatch {
  ids: Int32Array<ArrayBuffer>
  findable: Uint8Array<ArrayBuffer>
  lengths: Int32Array<ArrayBuffer>
  numbers: Int32Array<ArrayBuffer>
  names: string[]
}

/** The posts (not rejected) with `from <= id < to`, in id order, read and their features extracted. */
export async function readFeatureBatch(
  store: Store,
  from: number,
  to: number,
): Promise<FeatureBatch> {
  const rows = await store.db
    .selectFrom('posts')
    .select(['id', 'document', 'review_state'])
    .where('review_state', '!=', 'rejected')
    .where('id', '>=', from)
    .where('id', '<', to)
    .orderBy('id')
    .execute()
  const names: string[] = []
  const numbering = new Map<string, number>()
  const numbers: number[] = []
  const batch = {
    ids: new Int32Array(rows.length),
    findable: new Uint8Array(rows.length),
    lengths: new Int32Array(rows.length),
  }
  for (const [r, row] of rows.entries()) {
    const features = postFeatures(JSON.parse(row.document) as Post)
    batch.ids[r] = row.id
    batch.findable[r] = INDEXABLE.has(row.review_state) ? 1 : 0
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

// Posts by id per job: small enough to keep both threads busy to the end.
const ID_RANGE = 2000
const WORKER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 }

/**
 * Reads every post's features into `spill`, in id ranges, on `threads` worker threads each
 * with its own read-only connection (0: on this thread): reading, parsing and word
 * extraction were a rebuild's longest pass, and they are independent per post. Ranges come
 * back in id order. Returns the highest post id.
 */
export async function spillFeatures(
  store: Store,
  spill: FeatureSpill,
  threads: number,
  onPage?: (done: number) => void,
): Promise<number> {
  const last = await store.db
    .selectFrom('posts')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst()
  const maxId = Number(last?.id ?? 0)
  const total = Math.ceil(maxId / ID_RANGE)
  const range = (id: number) => ({ from: id * ID_RANGE + 1, to: (id + 1) * ID_RANGE + 1 })
  const batches =
    threads > 0
      ? inOrderOnWorkers<{ from: number; to: number }, FeatureBatch & { id: number }>({
          workers: Array.from(
            { length: threads },
            () =>
              new Worker(new URL('./feature-worker.ts', import.meta.url), {
                resourceLimits: WORKER_HEAP,
                workerData: { url: store.url },
              }),
          ),
          total,
          job: range,
        })
      : (async function* () {
          for (let id = 0; id < total; id++)
            yield await readFeatureBatch(store, range(id).from, range(id).to)
        })()
  for await (const batch of batches) {
    spill.addBatch(batch)
    onPage?.(spill.size)
  }
  return maxId
}
