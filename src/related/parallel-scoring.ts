import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { SparseVectors } from './sparse-vectors.ts'
import type { Neighbour } from './vectors.ts'

export interface ScoringSetup {
  /** 1 where readers can find the post, by post id (shared memory). */
  findable: Uint8Array
  k: number
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
  const total = Math.ceil(n / CHUNK)
  const pool = Array.from(
    { length: threads },
    () =>
      new Worker(new URL('./scoring-worker.ts', import.meta.url), {
        resourceLimits: WORKER_HEAP,
        workerData: { vectors: frozen, findable, k },
      }),
  )
  const outstanding = new Map<Worker, number>(pool.map((worker) => [worker, 0]))
  const finished = new Map<number, ScoredChunk>()
  let failure: Error | undefined
  let wake: (() => void) | undefined
  let nextToSend = 0
  let taken = 0
  const topUp = () => {
    for (const worker of pool)
      while (
        outstanding.get(worker)! < 2 &&
        nextToSend < total &&
        nextToSend - taken < 4 * threads
      ) {
        const id = nextToSend++
        worker.postMessage({ id, start: id * CHUNK, end: Math.min(n, (id + 1) * CHUNK) })
        outstanding.set(worker, outstanding.get(worker)! + 1)
      }
  }
  try {
    for (const worker of pool) {
      worker.on('message', (chunk: ScoredChunk) => {
        outstanding.set(worker, outstanding.get(worker)! - 1)
        finished.set(chunk.id, chunk)
        wake?.()
      })
      worker.on('error', (error) => {
        failure = error
        wake?.()
      })
    }
    topUp()
    for (let id = 0; id < total; id++) {
      while (!finished.has(id)) {
        if (failure) throw failure
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
      const { lengths, neighbours, scores } = finished.get(id)!
      finished.delete(id)
      taken++
      topUp()
      let at = 0
      for (const [offset, length] of lengths.entries()) {
        const list: Neighbour[] = []
        for (let r = 0; r < length; r++, at++)
          list.push({ id: neighbours[at]!, score: scores[at]! })
        // Unused slots of a short list are skipped: lists are packed k apart.
        at += k - length
        yield [frozen.ids[id * CHUNK + offset]!, list]
      }
    }
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()))
  }
}
