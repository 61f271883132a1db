import { availableParallelism } from 'node:os'
import { startWorker } from '../start-worker.ts'
import { inOrderOnWorkers } from '../worker-pool.ts'
import { createChunkRenderer, type RenderedChunk, type SynthFormat } from './render-chunk.ts'
import { MAX_SEED } from './synthesize-post.ts'

export interface SynthRangeOptions {
  start: number
  count: number
  format: SynthFormat
  /** Worker threads; 0 renders on this thread. Default: one per core for large counts. */
  workers?: number
  chunkSize?: number
  onProgress?: (done: number) => void
}

/**
 * Receives chunks in seed order; the next chunk waits until the returned promise settles.
 * The chunk's bytes are released then, so the promise must settle only once they are written.
 */
export type ChunkSink = (chunk: RenderedChunk) => Promise<void>

const WORKER_HEAP = { maxOldGenerationSizeMb: 40, maxYoungGenerationSizeMb: 12 }

// Below this many posts a worker's start-up costs more than it saves.
const WORKER_THRESHOLD = 5_000

/**
 * Synthesizes a seed range in order with bounded memory: at most two chunks per worker are
 * in flight, and the sink's own pace (e.g. stdout backpressure) holds the rest back.
 */
export async function synthRange(options: SynthRangeOptions, sink: ChunkSink): Promise<void> {
  const { start, count, format } = options
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(count) ||
    start < 0 ||
    count < 0 ||
    start + count - 1 > MAX_SEED
  ) {
    throw new RangeError(`seeds ${start}..${start + count - 1} are outside 0..${MAX_SEED}`)
  }
  const chunkSize = options.chunkSize ?? 200
  const workers =
    options.workers ?? (count >= WORKER_THRESHOLD ? Math.min(availableParallelism(), 8) : 0)
  let done = 0
  const deliver = async (chunk: RenderedChunk, size: number) => {
    await sink(chunk)
    // Frees the chunk's memory now; left to the garbage collector, tens of MB of written
    // chunks pile up outside the (small) heap before a collection notices them.
    ;(chunk.bytes.buffer as ArrayBuffer).transfer(0)
    done += size
    options.onProgress?.(done)
  }
  if (workers === 0) {
    const render = await createChunkRenderer(format)
    for (let first = start; first < start + count; first += chunkSize) {
      const size = Math.min(chunkSize, start + count - first)
      await deliver(render(first, size), size)
    }
    return
  }
  await runPool({ start, count, format, chunkSize, workers }, deliver)
}

interface PoolOptions {
  start: number
  count: number
  format: SynthFormat
  chunkSize: number
  workers: number
}

async function runPool(
  options: PoolOptions,
  deliver: (chunk: RenderedChunk, size: number) => Promise<void>,
): Promise<void> {
  const { start, count, format, chunkSize } = options
  // Small heaps make V8 collect often instead of growing: peak memory stays flat at any count.
  const workers = Array.from({ length: options.workers }, () =>
    startWorker(new URL('./synth-worker.ts', import.meta.url), {
      resourceLimits: WORKER_HEAP,
      workerData: { format },
    }),
  )
  const chunks = inOrderOnWorkers<{ start: number; count: number }, RenderedChunk & { id: number }>(
    {
      workers,
      total: Math.ceil(count / chunkSize),
      job: (id) => {
        const first = start + id * chunkSize
        return { start: first, count: Math.min(chunkSize, start + count - first) }
      },
    },
  )
  for await (const chunk of chunks)
    await deliver(chunk, Math.min(chunkSize, start + count - chunk.start))
}
