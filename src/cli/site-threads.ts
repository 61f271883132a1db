import { randomUUID } from 'node:crypto'
import { setFlagsFromString } from 'node:v8'
import { Worker } from 'node:worker_threads'
import type { Logger } from 'pino'
import type { Config } from '../config.ts'
import type { BuildInfo, SiteThread } from '../web/index.ts'
import { startSiteInstance } from './site-instance.ts'

/**
 * Young generation of each worker site thread. A page's garbage is short-lived: at a million
 * posts on two threads, 8 MiB semi-spaces served 4,100–4,300 uncached pages/s at 271–282 MB,
 * 16 MiB about as many at 315 MB, and the CLI's 4 MiB 2,900–3,900/s (docs/performance/site.md).
 * The main thread keeps the CLI's 4 MiB, which V8 fixed when the process started: under
 * load it collects twice as often as a worker, about 2% of its time more.
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

// What was thrown, as an Error: the failure `serveSite` logs and rethrows.
const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error))

/**
 * Serves the site on `count` threads sharing one port, this thread the first of them, and
 * resolves once every one listens. Threads, not processes: they share the process's binary
 * and native libraries (each isolate still loads its own JavaScript), and one signal stops
 * them. This thread serves too, rather than only watching the others: idle, it held 41 MB
 * of V8 heap and 10 MB besides, and serving from it took a million-post site's peak under
 * load 40–46 MB lower (docs/performance/site.md).
 */
export async function startSiteThreads(
  count: number,
  data: Omit<SiteThreadData, 'thread'>,
  log: Logger,
): Promise<SiteThreads> {
  // V8 reads its heap flags when an isolate starts: the worker threads get the larger young
  // generation, this thread keeps what the process started with.
  setFlagsFromString(`--max-semi-space-size=${SITE_SEMI_SPACE_MIB}`)
  const channel = `alphanode:site:${process.pid}:${randomUUID()}`
  const thread = (index: number) => ({ index, count, channel })
  // Not startWorker: with the compile cache in its threads `serve` was ready 0.6 s sooner,
  // but kept 8–20 MB more resident under load (a million posts, two threads, 64 MB page
  // cache; README, Memory).
  const workers = Array.from(
    { length: count - 1 },
    (_, i) =>
      new Worker(new URL('./site-thread.ts', import.meta.url), {
        workerData: { ...data, thread: thread(i + 1) } satisfies SiteThreadData,
      }),
  )
  let closing = false
  // The site on this thread fails as a worker's does: an error nothing caught (a worker's
  // reaches its 'error' event, this thread's the process) ends the site, and the others
  // finish their requests before the process exits.
  let failedHere: (error: unknown) => void = () => {}
  const failed = new Promise<Error>((resolve) => {
    failedHere = (error) => resolve(asError(error))
    process.once('uncaughtException', failedHere)
    workers.forEach((worker, i) => {
      worker.once('error', (error) => resolve(error))
      worker.once('exit', (code) => {
        if (!closing) resolve(new Error(`site thread ${i + 1} stopped with exit code ${code}`))
      })
    })
  })
  const closeWorkers = async () => {
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
  const workersListening = Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) =>
          worker.once('message', (message: ThreadMessage) => {
            if (message.kind === 'listening') resolve()
          }),
        ),
    ),
  )
  const own = startSiteInstance({ ...data, thread: thread(0) }, log.child({ thread: 0 })).catch(
    asError,
  )
  const outcome = await Promise.race([Promise.all([own, workersListening]), failed])
  const site = await own
  const close = async () => {
    process.off('uncaughtException', failedHere)
    await Promise.all([closeWorkers(), site instanceof Error ? undefined : site.close()])
  }
  const problem = outcome instanceof Error ? outcome : site instanceof Error ? site : undefined
  if (problem) {
    await close()
    throw problem
  }
  return { failed, close }
}
