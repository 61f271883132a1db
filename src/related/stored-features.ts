import { startWorker } from '../start-worker.ts'
import type { Store } from '../store/index.ts'
import { inOrderOnWorkers } from '../worker-pool.ts'
import { decodeFeatures, encodeFeatures } from './feature-codec.ts'
import { type FeatureBatch, readFeatureBatch } from './feature-reading.ts'
import { FEATURES_VERSION } from './features.ts'

/** Every feature name stored so far, by its number (feature_names.id). */
export class FeatureNames {
  private readonly byNumber: string[] = []
  private readonly numbers = new Map<string, number>()

  /** One more than the highest number: the length of an array indexed by feature number. */
  get limit(): number {
    return this.byNumber.length
  }

  name(number: number): string | undefined {
    return this.byNumber[number]
  }

  /** The numbers of `names`, storing the ones never seen; another writer's numbers are kept. */
  async numbersOf(store: Store, names: readonly string[]): Promise<number[]> {
    const missing = names.filter((name) => !this.numbers.has(name))
    for (let at = 0; at < missing.length; at += NAMES_PER_STATEMENT) {
      const slice = missing.slice(at, at + NAMES_PER_STATEMENT)
      await store.db
        .insertInto('feature_names')
        .values(slice.map((name) => ({ name })))
        .onConflict((oc) => oc.column('name').doNothing())
        .execute()
      this.remember(
        await store.db
          .selectFrom('feature_names')
          .select(['id', 'name'])
          .where('name', 'in', slice)
          .execute(),
      )
    }
    return names.map((name) => this.numbers.get(name)!)
  }

  remember(rows: ReadonlyArray<{ id: number; name: string }>): void {
    for (const { id, name } of rows) {
      this.byNumber[id] = name
      this.numbers.set(name, id)
    }
  }
}

const NAMES_PER_STATEMENT = 1000
// Below this many posts to read, starting threads costs more than it saves.
const THREADS_FROM = 2000
// Posts a job reads, at most: few enough to keep every thread busy to the end.
const POSTS_PER_JOB = 2000
const WORKER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 }

/** Where a refresh of stored features is: posts read of those that needed it. */
export type OnFeaturesRead = (done: number, total: number) => void

/**
 * Brings every post's stored features up to date and returns the feature names: the posts
 * with no stored features, or features older than the post or made by another version of
 * postFeatures, are read, their features extracted and stored. The first time that is every
 * post; after an import, its new and changed ones. Reading and extraction run on `threads`
 * worker threads (0: this one), each with its own read-only connection; this thread numbers
 * and writes.
 */
export async function refreshStoredFeatures(
  store: Store,
  threads: number,
  onRead?: OnFeaturesRead,
): Promise<FeatureNames> {
  const names = new FeatureNames()
  names.remember(await store.db.selectFrom('feature_names').select(['id', 'name']).execute())
  const stale = await staleFeaturePosts(store)
  const parallel = threads > 0 && stale.length >= THREADS_FROM
  const perJob = parallel
    ? Math.min(POSTS_PER_JOB, Math.ceil(stale.length / (threads * 4)))
    : POSTS_PER_JOB
  const jobs = Math.ceil(stale.length / perJob)
  const job = (id: number) => ({ ids: stale.slice(id * perJob, (id + 1) * perJob) })
  const batches = parallel
    ? inOrderOnWorkers<{ ids: number[] }, FeatureBatch & { id: number }>({
        workers: Array.from({ length: threads }, () =>
          startWorker(new URL('./feature-worker.ts', import.meta.url), {
            resourceLimits: WORKER_HEAP,
            workerData: { url: store.url },
          }),
        ),
        total: jobs,
        job,
      })
    : (async function* () {
        for (let id = 0; id < jobs; id++) yield await readFeatureBatch(store, job(id).ids)
      })()
  let done = 0
  for await (const batch of batches) {
    await storeBatch(store, names, batch)
    done += batch.ids.length
    onRead?.(done, stale.length)
  }
  return names
}

/** Ids of the posts whose stored features are missing, older than the post or of another version, ascending. */
async function staleFeaturePosts(store: Store): Promise<number[]> {
  // No ORDER BY: it would make SQLite walk the posts table (whole documents) by id instead of
  // the narrow index on updated_at.
  const rows = await store.db
    .selectFrom('posts as p')
    .leftJoin('post_features as f', 'f.post_id', 'p.id')
    .select('p.id')
    .where((eb) =>
      eb.or([
        eb('f.post_id', 'is', null),
        eb('f.updated_at', '!=', eb.ref('p.updated_at')),
        eb('f.version', '!=', FEATURES_VERSION),
      ]),
    )
    .execute()
  return rows.map((row) => row.id).sort((a, b) => a - b)
}

async function storeBatch(store: Store, names: FeatureNames, batch: FeatureBatch): Promise<void> {
  const numbers = await names.numbersOf(store, batch.names)
  const rows = []
  let at = 0
  for (const [p, length] of batch.lengths.entries()) {
    const own = batch.numbers.subarray(at, at + length)
    at += length
    const bytes = encodeFeatures(Array.from(own, (number) => numbers[number]!))
    rows.push({
      post_id: batch.ids[p]!,
      updated_at: batch.updatedAt[p]!,
      version: FEATURES_VERSION,
      // Both drivers bind a Buffer as a blob (better-sqlite3 refuses other typed arrays).
      features: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
    })
  }
  if (rows.length === 0) return
  await store.db
    .insertInto('post_features')
    .values(rows)
    .onConflict((oc) =>
      oc.column('post_id').doUpdateSet((eb) => ({
        updated_at: eb.ref('excluded.updated_at'),
        version: eb.ref('excluded.version'),
        features: eb.ref('excluded.features'),
      })),
    )
    .execute()
}

const PAGE = 5000

/**
 * Every post's stored features, read in one pass into memory still encoded (some 140 bytes a
 * post): weighing needs all of them counted before any vector is made, and a second read
 * of a million rows took longer than both decodings.
 */
export class StoredFeatures {
  size = 0
  private ids: Int32Array
  /** Post p's bytes are bytes[ends[p - 1]] .. bytes[ends[p] - 1]. */
  private ends: Int32Array
  private bytes: Uint8Array

  constructor(posts: number, bytes: number) {
    this.ids = new Int32Array(Math.max(posts, 16))
    this.ends = new Int32Array(Math.max(posts, 16))
    this.bytes = new Uint8Array(Math.max(bytes, 1024))
  }

  add(id: number, features: Uint8Array): void {
    const start = this.size === 0 ? 0 : this.ends[this.size - 1]!
    if (this.size === this.ids.length) {
      this.ids = grown(this.ids, this.size * 1.5)
      this.ends = grown(this.ends, this.size * 1.5)
    }
    if (start + features.length > this.bytes.length)
      this.bytes = grown(this.bytes, (start + features.length) * 1.5)
    this.bytes.set(features, start)
    this.ids[this.size] = id
    this.ends[this.size++] = start + features.length
  }

  /**
   * Calls `visit` with each post's id and feature numbers, in id order. The numbers' array
   * is reused: it is valid during the call only.
   */
  forEach(visit: (id: number, features: Int32Array) => void): void {
    let scratch = new Int32Array(1024)
    let start = 0
    for (let p = 0; p < this.size; p++) {
      const end = this.ends[p]!
      if (end - start > scratch.length) scratch = new Int32Array((end - start) * 2)
      const count = decodeFeatures(this.bytes.subarray(start, end), scratch)
      visit(this.ids[p]!, scratch.subarray(0, count))
      start = end
    }
  }
}

function grown<T extends Int32Array | Uint8Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.ceil(length))
  bigger.set(array)
  return bigger
}

/** Post ids `from <= id < to`. */
export interface IdRange {
  from: number
  to: number
}

/**
 * Reads the stored features of the posts in `range` (see StoredFeatures), calling `onPage`
 * with how many posts it has read so far.
 */
export async function readStoredFeatures(
  store: Store,
  range: IdRange = { from: 1, to: 2 ** 31 - 1 },
  onPage?: (done: number) => void,
): Promise<StoredFeatures> {
  const size = await store.db
    .selectFrom('post_features')
    .select((eb) => [
      eb.fn.countAll<number>().as('posts'),
      eb.fn.sum<number>(eb.fn('length', ['features'])).as('bytes'),
    ])
    .where('post_id', '>=', range.from)
    .where('post_id', '<', range.to)
    .executeTakeFirstOrThrow()
  const stored = new StoredFeatures(Number(size.posts), Number(size.bytes ?? 0))
  const page = store.createFeaturePageReader()
  let after = range.from - 1
  for (;;) {
    const rows = await page(after, range.to, PAGE)
    for (const [id, features] of rows) stored.add(id, features)
    onPage?.(stored.size)
    if (rows.length < PAGE) return stored
    after = rows.at(-1)![0]
  }
}
