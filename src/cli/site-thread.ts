// A worker thread of `alphanode serve`: one more site on the port the main thread serves.
import { parentPort, workerData } from 'node:worker_threads'
import { createLogger } from '../log.ts'
import { startSiteInstance } from './site-instance.ts'
import type { SiteThreadData, ThreadMessage } from './site-threads.ts'

const data = workerData as SiteThreadData
const log = createLogger({ logLevel: data.logLevel }).child({ thread: data.thread.index })
const site = await startSiteInstance(data, log)
parentPort!.postMessage({ kind: 'listening' } satisfies ThreadMessage)
parentPort!.on('message', async (message: ThreadMessage) => {
  if (message.kind !== 'close') return
  await site.close()
  log.flush()
  parentPort!.close()
})
