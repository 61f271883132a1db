import { availableParallelism } from 'node:os'
import { startWorker } from '../start-worker.ts'
import { inOrderOnWorkers } from '../worker-pool.ts'
import type { SparseVectors } from './sparse-vectors.ts'
import { type ScoringGroup, scoringGroups } from './vector-scorer.ts'
import type { Neighbour } from './vectors.ts'

export interface ScoringSetup {
  /** 1 where readers can find the post, by post id (shared memory). */
  findable: Uint8Array
  k: number
  exact?: boolean | undefined
  rarePosts?: number | undefined
}

export type ScoringJob = ScoringGroup & { id: number }

interface ScoredGroup {
  id: number
  lengths: Uint8Array
  neighbours: Int32Array
  scores: Float64Array
}

// Below this many posts, threads start up for longer than the scoring takes.
const THREADS_FROM = 5_000
// Each thread holds scratch arrays (4 bytes a post, 12 more if it scores exactly) and one
// block's feature index; the vectors are shared.
const WORKER_HEAP = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 }

/** Scoring threads to use here: one per core, at most 4, none on one core or a small archive. */
export function scoringThreads(posts: number): number {
  if (posts < THREADS_FROM) return 0
  const cores = availableParallelism()
  return cores < 2 ? 0 : Math.min(cores, 4)
}

/**
 * Every post's top k as [post index, list], group by group, scored by `threads` worker
 * threads over the shared vectors (each post's list is independent of the others'). The
 * caller stores each list as it comes; at most a few groups per thread wait to be taken.
 */
export async function* neighbourListsInParallel(
  vectors: SparseVectors,
  setup: ScoringSetup,
  threads: number,
): AsyncGenerator<[number, Neighbour[]]> {
  const frozen = vectors.frozen()
  const groups = scoringGroups(frozen, setup)
  const workers = Array.from({ length: threads }, () =>
    startWorker(new URL('./scoring-worker.ts', import.meta.url), {
      resourceLimits: WORKER_HEAP,
      workerData: { ...setup, vectors: frozen },
    }),
  )
  const scored = inOrderOnWorkers<ScoringGroup, ScoredGroup>({
    workers,
    total: groups.length,
    job: (id) => groups[id]!,
  })
  const { k } = setup
  for await (const { id, lengths, neighbours, scores } of scored) {
    const { members } = groups[id]!
    for (const [m, length] of lengths.entries()) {
      // Lists are packed k apart; a short list leaves its last slots unused.
      const list: Neighbour[] = []
      for (let r = 0, at = m * k; r < length; r++, at++)
        list.push({ id: neighbours[at]!, score: scores[at]! })
      yield [members[m]!, list]
    }
  }
}
