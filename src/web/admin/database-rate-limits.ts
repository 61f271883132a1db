import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import { countRequest, type RateWindow, readRequests, type Store } from '../../store/index.ts'

type RouteInfo = { method?: string | string[]; url?: string }
type Done = (error: Error | null, result?: { current: number; ttl: number }) => void

// What the plugin wants to know of a window: requests so far and milliseconds left.
const answer = (window: RateWindow | undefined, timeWindow: number, now: number) =>
  window
    ? { current: window.hits, ttl: window.startedMs + timeWindow - now }
    : { current: 0, ttl: 0 }

/**
 * `@fastify/rate-limit`'s counters in the site's database, for sites without Redis: every
 * site thread and every web node on the database counts against one limit. Each route counts
 * apart (its method and path lead the key).
 */
export function databaseRateLimits(store: Store): FastifyRateLimitStoreCtor {
  class DatabaseRateLimits implements FastifyRateLimitStore {
    readonly #scope: string
    constructor(_options: unknown, scope = '') {
      this.#scope = scope
    }
    incr(key: string, done: Done, timeWindow: number): void {
      const now = Date.now()
      countRequest(store.db, `${this.#scope}${key}`, timeWindow, now).then(
        (window) => done(null, answer(window, timeWindow, now)),
        (error: Error) => done(error),
      )
    }
    read(key: string, done: Done, timeWindow: number): void {
      const now = Date.now()
      readRequests(store.db, `${this.#scope}${key}`, timeWindow, now).then(
        (window) => done(null, answer(window, timeWindow, now)),
        (error: Error) => done(error),
      )
    }
    // Typed as the route's options; the plugin passes the route's limit options, with the
    // route itself as `routeInfo`.
    child(options: Parameters<FastifyRateLimitStore['child']>[0]) {
      const route = (options as { routeInfo?: RouteInfo }).routeInfo ?? {}
      return new DatabaseRateLimits(undefined, `${[route.method].flat().join(',')} ${route.url} `)
    }
  }
  return DatabaseRateLimits
}
