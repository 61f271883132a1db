import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { inOrderOnWorkers } from '../worker-pool.ts'
import type { SparseVectors } from './sparse-vectors.ts'
import type { Neighbour } from './vectors.ts'

export interface ScoringSetup {
  /** 1 where readers can find the post, by post id (shared memory). */
  findable: Uint8Array
  k: number
  exact?: boolean | undefined
}

export interface ScoringJob {
  id: number
  start: number
  end: number
}

interface ScoredChunk {
  id: number
  lengths: Uint8Array
  neighbours: Int32Array
  scores: Float64Array
}

const CHUNK = 512
// Below this many posts, threads start up for longer than the scoring takes.
const THREADS_FROM = 5_000
// Each thread holds only scratch arrays (12 bytes a post); the vectors are shared.
const WORKER_HEAP = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 }

/** Scoring threads to use here: one per core, at most 4, none on one core or a small archive. */
export function scoringThreads(posts: number): number {
  if (posts < THREADS_FROM) return 0
  const cores = availableParallelism()
  return cores < 2 ? 0 : Math.min(cores, 4)
}

/**
 * Every post's top k, in the order posts were added, scored by `threads` worker threads
 * over the shared vectors (each post's list is independent of the others'). The caller
 * stores each list as it comes; at most a few chunks per thread wait to be taken.
 */
export async function* neighbourListsInParallel(
  vectors: SparseVectors,
  { findable, k }: ScoringSetup,
  threads: number,
): AsyncGenerator<[number, Neighbour[]]> {
  const frozen = vectors.frozen()
  const n = frozen.ids.length
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(new URL('./scoring-worker.ts', import.meta.url), {
        resourceLimits: WORKER_HEAP,
        workerData: { vectors: frozen, findable, k },
      }),
  )
  const chunks = inOrderOnWorkers<Omit<ScoringJob, 'id'>, ScoredChunk>({
    workers,
    total: Math.ceil(n / CHUNK),
    job: (id) => ({ start: id * CHUNK, end: Math.min(n, (id + 1) * CHUNK) }),
  })
  for await (const { id, lengths, neighbours, scores } of chunks) {
    for (const [offset, length] of lengths.entries()) {
      // Lists are packed k apart; a short list leaves its last slots unused.
      const list: Neighbour[] = []
      for (let r = 0, at = offset * k; r < length; r++, at++)
        list.push({ id: neighbours[at]!, score: scores[at]! })
      yield [frozen.ids[id * CHUNK + offset]!, list]
    }
  }
}
