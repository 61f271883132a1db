import { Redis } from 'ioredis'
import type { CachedPage, CacheTier } from './cached-page.ts'

export interface RedisTier extends CacheTier {
  readonly name: 'redis'
  get(key: string): Promise<CachedPage | undefined>
  purge(tags: readonly string[]): Promise<number>
  /** Tells every process sharing the cache to drop these tags from its memory (`all`: everything). */
  announce(purge: PurgeMessage): Promise<void>
  /** Calls `onPurge` for every announcement, this process's own included. */
  listen(onPurge: (purge: PurgeMessage) => void): Promise<void>
  close(): Promise<void>
}

export type PurgeMessage = { tags: string[] } | { all: true }

export interface RedisTierOptions {
  url: string
  /** Namespace for keys and the purge channel, so sites sharing a Redis keep apart. */
  prefix?: string
  /** Called when Redis fails; the site then renders as if nothing were cached. */
  onError?: (error: Error) => void
}

// Drops every page listed under the tag sets in KEYS, then the sets: one round trip, atomic.
const PURGE_SCRIPT = `
local dropped = 0
for _, tag in ipairs(KEYS) do
  for _, key in ipairs(redis.call('SMEMBERS', tag)) do
    dropped = dropped + redis.call('DEL', key)
  end
  redis.call('DEL', tag)
end
return dropped`

/**
 * Pages in Redis, shared by every web node: a page is one string (a JSON head line, then the
 * body) with Redis expiring it; each tag is a set of page keys that lives as long as its
 * longest-lived page. Commands fail fast when Redis is away (no offline queue, one retry), so
 * a Redis outage costs renders, not stuck requests.
 */
export function createRedisTier(options: RedisTierOptions): RedisTier {
  const prefix = options.prefix ?? 'alphanode:cache:'
  const settings = {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 500,
    lazyConnect: true,
  }
  const redis = new Redis(options.url, settings)
  let subscriber: Redis | undefined
  const report = (error: Error) => options.onError?.(error)
  redis.on('error', report)
  const ready = redis.connect()
  const pageKey = (key: string) => `${prefix}p:${key}`
  const tagKey = (tag: string) => `${prefix}t:${tag}`
  const channel = `${prefix}purge`

  return {
    name: 'redis',
    async get(key) {
      await ready
      const stored = await redis.get(pageKey(key))
      if (stored === null) return undefined
      const split = stored.indexOf('\n')
      const head = JSON.parse(stored.slice(0, split)) as Omit<CachedPage, 'body'>
      return { ...head, body: stored.slice(split + 1) }
    },
    async set(key, page) {
      const ttl = page.expiresAt - Date.now()
      if (ttl <= 0) return
      await ready
      const { body, ...head } = page
      const transaction = redis
        .multi()
        .set(pageKey(key), `${JSON.stringify(head)}\n${body}`, 'PX', ttl)
      for (const tag of page.tags) {
        transaction.sadd(tagKey(tag), pageKey(key))
        transaction.pexpire(tagKey(tag), ttl, 'NX')
        transaction.pexpire(tagKey(tag), ttl, 'GT')
      }
      await transaction.exec()
    },
    async purge(tags) {
      if (tags.length === 0) return 0
      await ready
      return Number(await redis.eval(PURGE_SCRIPT, tags.length, ...tags.map(tagKey)))
    },
    async clear() {
      await ready
      let cursor = '0'
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
        if (keys.length > 0) await redis.unlink(...keys)
        cursor = next
      } while (cursor !== '0')
    },
    async announce(purge) {
      await ready
      await redis.publish(channel, JSON.stringify(purge))
    },
    async listen(onPurge) {
      subscriber = new Redis(options.url, { ...settings, enableOfflineQueue: true })
      subscriber.on('error', report)
      await subscriber.connect()
      subscriber.on('message', (_channel: string, message: string) => {
        try {
          onPurge(JSON.parse(message) as PurgeMessage)
        } catch (error) {
          report(error as Error)
        }
      })
      await subscriber.subscribe(channel)
    },
    async close() {
      await Promise.allSettled([ready])
      redis.disconnect()
      subscriber?.disconnect()
    },
  }
}
