import { parentPort, workerData } from 'node:worker_threads'
import { openStore } from '../store/index.ts'
import { readFeatureBatch } from './feature-reading.ts'

const store = openStore((workerData as { url: string }).url, { readonly: true })

parentPort!.on('message', async ({ id, ids }: { id: number; ids: number[] }) => {
  const batch = await readFeatureBatch(store, ids)
  parentPort!.postMessage({ id, ...batch }, [
    batch.ids.buffer,
    batch.lengths.buffer,
    batch.numbers.buffer,
  ])
})
