import { randomUUID } from 'node:crypto'
import { setFlagsFromString } from 'node:v8'
import { Worker } from 'node:worker_threads'
import type { Logger } from 'pino'
import type { Config } from '../config.ts'
import type { BuildInfo, SiteThread } from '../web/index.ts'

/**
 * Young generation of each site thread. A page's garbage is short-lived: at a million posts
 * on two threads, 8 MiB semi-spaces served 4,100–4,300 uncached pages/s at 271–282 MB,
 * 16 MiB about as many at 315 MB, and the CLI's 4 MiB 2,900–3,900/s (README, Site speed).
 */
const SITE_SEMI_SPACE_MIB = 8

export interface SiteThreadData {
  thread: SiteThread
  /** The main thread's configuration, as it read it. */
  config: Config
  databaseUrl: string
  host: string
  port: number
  publicUrl: string
  build: BuildInfo
  sessionSecret: string
  /** The caller's log level: `start` keeps a newcomer's terminal to warnings. */
  logLevel: string
  /** This thread's share of the page cache. */
  pageCacheBytes: number
  databaseCacheMiB: number
  /** A module whose default export adds routes to each thread's site (the benchmark's floor). */
  routesModule?: string
}

export type ThreadMessage = { kind: 'listening' } | { kind: 'close' }

export interface SiteThreads {
  /** Settles when a thread stops by itself (it failed): the site is no longer whole. */
  failed: Promise<Error>
  /** Lets each thread finish its requests in flight, then ends them. */
  close(): Promise<void>
}

/**
 * Starts `count` site threads on one port and resolves once every one listens. Threads, not
 * processes: they share the process's binary and native libraries (each isolate still loads
 * its own JavaScript), and one signal stops them.
 */
export async function startSiteThreads(
  count: number,
  data: Omit<SiteThreadData, 'thread'>,
  log: Logger,
): Promise<SiteThreads> {
  // V8 reads its heap flags when an isolate starts: these threads get the larger young
  // generation, the main thread keeps what it started with.
  setFlagsFromString(`--max-semi-space-size=${SITE_SEMI_SPACE_MIB}`)
  const channel = `alphanode:site:${process.pid}:${randomUUID()}`
  // Not startWorker: with the compile cache in its threads `serve` was ready 0.6 s sooner,
  // but kept 20 MB more resident under load (a million posts, two threads: 331–339 MB
  // against 313–314 with the 64 MB page cache full; README, Memory).
  const workers = Array.from(
    { length: count },
    (_, index) =>
      new Worker(new URL('./site-thread.ts', import.meta.url), {
        workerData: { ...data, thread: { index, count, channel } } satisfies SiteThreadData,
      }),
  )
  let closing = false
  const failed = new Promise<Error>((resolve) => {
    workers.forEach((worker, index) => {
      worker.once('error', (error) => resolve(error))
      worker.once('exit', (code) => {
        if (!closing) resolve(new Error(`site thread ${index} stopped with exit code ${code}`))
      })
    })
  })
  const close = async () => {
    closing = true
    await Promise.all(
      workers.map(async (worker) => {
        if (worker.threadId === -1) return
        const exited = new Promise((resolve) => worker.once('exit', resolve))
        worker.postMessage({ kind: 'close' } satisfies ThreadMessage)
        // A request that never ends must not hold the process: 30 s, then the thread goes.
        const timer = setTimeout(() => {
          log.warn({ thread: worker.threadId }, 'site thread still busy after 30 s; stopping it')
          void worker.terminate()
        }, 30_000)
        await exited
        clearTimeout(timer)
      }),
    )
  }
  const listening = Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) =>
          worker.once('message', (message: ThreadMessage) => {
            if (message.kind === 'listening') resolve()
          }),
        ),
    ),
  )
  const outcome = await Promise.race([listening, failed])
  if (outcome instanceof Error) {
    await close()
    throw outcome
  }
  return { failed, close }
}
