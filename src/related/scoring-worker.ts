import { parentPort, workerData } from 'node:worker_threads'
import type { ScoringJob, ScoringSetup } from './parallel-scoring.ts'
import type { FrozenVectors } from './sparse-vectors.ts'
import { VectorScorer } from './vector-scorer.ts'
import { findableRule } from './vectors.ts'

const { vectors, findable, k, exact } = workerData as ScoringSetup & { vectors: FrozenVectors }
const scorer = new VectorScorer(vectors, { exact })
const eligible = findableRule(findable)

parentPort!.on('message', ({ id, start, end }: ScoringJob) => {
  const lengths = new Uint8Array(end - start)
  const neighbours = new Int32Array((end - start) * k)
  const scores = new Float64Array((end - start) * k)
  for (let i = start; i < end; i++) {
    const list = scorer.topK(i, k, eligible)
    lengths[i - start] = list.length
    let at = (i - start) * k
    for (const neighbour of list) {
      neighbours[at] = neighbour.id
      scores[at++] = neighbour.score
    }
  }
  parentPort!.postMessage({ id, lengths, neighbours, scores }, [
    lengths.buffer,
    neighbours.buffer,
    scores.buffer,
  ])
})
