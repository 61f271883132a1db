import { parentPort, workerData } from 'node:worker_threads'
import type { ScoringJob, ScoringSetup } from './parallel-scoring.ts'
import type { FrozenVectors } from './sparse-vectors.ts'
import { VectorScorer } from './vector-scorer.ts'
import { findableRule } from './vectors.ts'

const { vectors, findable, k, exact, rarePosts } = workerData as ScoringSetup & {
  vectors: FrozenVectors
}
const scorer = new VectorScorer(vectors, { exact, rarePosts })
const eligible = findableRule(findable)

parentPort!.on('message', (job: ScoringJob) => {
  const count = job.members.length
  const lengths = new Uint8Array(count)
  const neighbours = new Int32Array(count * k)
  const scores = new Float64Array(count * k)
  for (const [m, list] of scorer.groupTopK(job, k, eligible).entries()) {
    lengths[m] = list.length
    let at = m * k
    for (const neighbour of list) {
      neighbours[at] = neighbour.id
      scores[at++] = neighbour.score
    }
  }
  parentPort!.postMessage({ id: job.id, lengths, neighbours, scores }, [
    lengths.buffer,
    neighbours.buffer,
    scores.buffer,
  ])
})
