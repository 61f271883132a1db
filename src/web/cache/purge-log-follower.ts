import type { Logger } from 'pino'
import {
  lastPurgeId,
  type PostReads,
  prunePurges,
  purgesAfter,
  type Store,
} from '../../store/index.ts'
import { oncePer } from '../operations/throttle.ts'
import type { CacheRules } from './cache-rules.ts'
import type { PageCache } from './page-cache.ts'
import { purgeFor } from './purge-targets.ts'

const DAY_MS = 24 * 60 * 60 * 1000

export interface PurgeLogFollower {
  /** Applies every purge logged since the last look; the timer calls it, tests may too. */
  poll(): Promise<void>
  stop(): Promise<void>
}

/**
 * Follows the database's purge log, so a purge recorded by an import, a review decision or
 * `alphanode cache purge` in another process reaches this site's cache within `intervalMs`,
 * with or without Redis. Starts after the newest entry: a fresh process has nothing cached.
 */
export async function followPurgeLog(options: {
  store: Store
  reads: PostReads
  cache: PageCache
  rules: CacheRules
  log: Logger
  intervalMs: number
}): Promise<PurgeLogFollower> {
  const { store, cache, log } = options
  let last = await lastPurgeId(store.db)
  let polls = 0
  let running: Promise<void> = Promise.resolve()

  async function pollOnce(): Promise<void> {
    // Once an hour or so, old entries go: nobody reads before their own start.
    if (++polls % 3600 === 0) await prunePurges(store.db, new Date(Date.now() - DAY_MS))
    const entries = await purgesAfter(store.db, last)
    if (entries.length === 0) return
    const purge = await purgeFor(
      entries.flatMap((entry) => entry.targets),
      options,
    )
    const dropped = await cache.purge(purge)
    last = entries.at(-1)!.id
    log.info({ purgeLog: last, dropped, all: 'all' in purge }, 'cache purged from the purge log')
  }
  let failingSince: number | undefined
  const due = oncePer(60_000)
  const poll = () => {
    running = running
      .then(pollOnce)
      .then(() => {
        if (failingSince !== undefined)
          log.info(
            { seconds: Math.round((Date.now() - failingSince) / 1000) },
            'cache purge log readable again',
          )
        failingSince = undefined
      })
      .catch((error: unknown) => {
        failingSince ??= Date.now()
        // Once a minute while it lasts.
        if (!due()) return
        log.warn({ err: error }, 'reading the cache purge log failed; retrying every tick')
      })
    return running
  }
  const timer = setInterval(poll, options.intervalMs)
  timer.unref()
  return {
    poll,
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
