import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import {
  pruneRequestMinutes,
  type RequestMinute,
  requestMinutes,
  type Store,
  saveRequestMinutes,
} from '../../store/index.ts'
import { routeOf } from './request-log.ts'
import { oncePer } from './throttle.ts'

/** Upper bounds of the latency buckets, in milliseconds; the last bucket is everything above. */
export const BUCKET_BOUNDS_MS = [
  1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000,
]

// Probes and scrapes are not traffic: they would drown the readers' figures.
const UNCOUNTED = /^\/(health|metrics|status)/

const minuteOf = (time: number) => new Date(time - (time % 60_000)).toISOString()

// The key of the current minute, made once a minute rather than once a request.
let currentMinute = { start: 0, key: '' }
const keyOfNow = (now: number): string => {
  const start = now - (now % 60_000)
  if (start !== currentMinute.start) currentMinute = { start, key: new Date(start).toISOString() }
  return currentMinute.key
}

export interface Figures {
  requests: number
  errors: number
  /** Fraction of requests that answered 5xx. */
  errorRate: number
  p50: number | undefined
  p95: number | undefined
}

/** Percentiles from bucket counts: the upper bound of the bucket holding the rank (an upper estimate). */
export function figuresOf(
  minutes: readonly Pick<RequestMinute, 'requests' | 'errors' | 'buckets'>[],
): Figures {
  const buckets = new Array<number>(BUCKET_BOUNDS_MS.length + 1).fill(0)
  let requests = 0
  let errors = 0
  for (const minute of minutes) {
    requests += minute.requests
    errors += minute.errors
    minute.buckets.forEach((count, i) => {
      buckets[i] = (buckets[i] ?? 0) + count
    })
  }
  const percentile = (p: number) => {
    if (requests === 0) return undefined
    const rank = Math.ceil(p * requests)
    let seen = 0
    for (let i = 0; i < buckets.length; i++) {
      seen += buckets[i]!
      if (seen >= rank) return BUCKET_BOUNDS_MS[i] ?? Number.POSITIVE_INFINITY
    }
    return Number.POSITIVE_INFINITY
  }
  return {
    requests,
    errors,
    errorRate: requests ? errors / requests : 0,
    p50: percentile(0.5),
    p95: percentile(0.95),
  }
}

export interface RequestStats {
  /** Writes this node's unsaved minutes now (the status page calls it before reading). */
  flush(): Promise<void>
  /** Every node's figures per minute over a window. */
  minutes(since: Date, until?: Date): Promise<RequestMinute[]>
}

/**
 * Counts every answer per minute, with its latency bucket and whether it failed, and writes
 * the minutes to the database every few seconds, so the status page can compare figures
 * across web nodes and across deploys (a restarted process keeps the minutes before it).
 */
export function requestStats(
  app: FastifyInstance,
  options: { store: Store; node: string; log: Logger; flushMs?: number },
): RequestStats {
  const open = new Map<string, RequestMinute>()
  const dirty = new Set<string>()
  app.addHook('onResponse', async (request, reply) => {
    if (UNCOUNTED.test(routeOf(request))) return
    const key = keyOfNow(Date.now())
    let minute = open.get(key)
    if (!minute) {
      minute = {
        minute: key,
        node: options.node,
        requests: 0,
        errors: 0,
        buckets: new Array(BUCKET_BOUNDS_MS.length + 1).fill(0),
      }
      open.set(key, minute)
    }
    minute.requests++
    if (reply.statusCode >= 500) minute.errors++
    const ms = reply.elapsedTime
    let bucket = BUCKET_BOUNDS_MS.findIndex((bound) => ms <= bound)
    if (bucket === -1) bucket = BUCKET_BOUNDS_MS.length
    minute.buckets[bucket]!++
    dirty.add(key)
  })

  let flushes = 0
  const warnDue = oncePer(60_000)
  let writing: Promise<void> = Promise.resolve()
  const flush = () => {
    writing = writing
      .then(async () => {
        if (dirty.size === 0) return
        const keys = [...dirty]
        dirty.clear()
        await saveRequestMinutes(
          options.store,
          keys.map((key) => ({ ...open.get(key)!, buckets: [...open.get(key)!.buckets] })),
        )
        // Minutes before the last two are complete: nothing will add to them.
        const current = minuteOf(Date.now() - 60_000)
        for (const key of open.keys()) if (key < current && !dirty.has(key)) open.delete(key)
        if (++flushes % 360 === 0)
          await pruneRequestMinutes(options.store, new Date(Date.now() - 7 * 24 * 3600_000))
      })
      .catch((error: unknown) => {
        if (warnDue()) options.log.warn({ err: error }, 'saving request figures failed')
      })
    return writing
  }
  const timer = setInterval(flush, options.flushMs ?? 10_000)
  timer.unref()
  app.addHook('onClose', async () => {
    clearInterval(timer)
    await flush()
  })
  return {
    flush,
    minutes: (since, until = new Date(Date.now() + 60_000)) =>
      requestMinutes(options.store, since, until),
  }
}
