import { parentPort, workerData } from 'node:worker_threads'
import { createChunkRenderer, type SynthFormat } from './render-chunk.ts'

const render = await createChunkRenderer(workerData.format as SynthFormat)

parentPort!.on('message', ({ id, start, count }: { id: number; start: number; count: number }) => {
  const chunk = render(start, count)
  // Transfer, not copy, the encoded bytes back to the writing thread.
  parentPort!.postMessage({ id, ...chunk }, [chunk.bytes.buffer as ArrayBuffer])
})
