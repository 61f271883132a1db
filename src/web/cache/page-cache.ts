import type { CachedPage } from './cached-page.ts'
import { createMemoryTier, type MemoryTier } from './memory-tier.ts'
import type { PurgeMessage, RedisTier } from './redis-tier.ts'

export interface CacheHit {
  page: CachedPage
  source: 'memory' | 'redis'
}

export interface PageCache {
  /** Synchronous when memory has the page, so a hit costs no extra turn of the event loop. */
  lookup(key: string): CacheHit | undefined | Promise<CacheHit | undefined>
  store(key: string, page: CachedPage): void
  /** Drops pages here and in Redis, and tells every other process to drop them from memory. */
  purge(purge: PurgeMessage): Promise<number>
  memory: MemoryTier | undefined
  redis: RedisTier | undefined
  /** Resolves once purges from other processes are being received. */
  ready(): Promise<void>
  close(): Promise<void>
}

export interface PageCacheOptions {
  /** 0 keeps no pages in this process (every hit then comes from Redis). */
  memoryBytes: number
  redis?: RedisTier
  /** A Redis failure: logged by the caller; the request goes on as a miss. */
  onError: (error: Error) => void
}

/**
 * Memory first, then Redis. A page found in Redis is copied into memory for the rest of its
 * life there; purges reach other processes' memory through Redis pub/sub, and through the
 * database's purge log for processes that share no Redis (see purge-log-follower.ts).
 */
export function createPageCache(options: PageCacheOptions): PageCache {
  const memory = options.memoryBytes > 0 ? createMemoryTier(options.memoryBytes) : undefined
  const { redis, onError } = options
  const dropFromMemory = (purge: PurgeMessage): number => {
    if (!memory) return 0
    if ('all' in purge) {
      const { pages } = memory.stats()
      memory.clear()
      return pages
    }
    return memory.purge(purge.tags)
  }
  const listening = redis && memory ? redis.listen(dropFromMemory) : Promise.resolve()
  listening.catch(onError)

  async function fromRedis(key: string): Promise<CacheHit | undefined> {
    try {
      const page = await redis!.get(key)
      if (!page || page.expiresAt <= Date.now()) return undefined
      memory?.set(key, page)
      return { page, source: 'redis' }
    } catch (error) {
      onError(error as Error)
      return undefined
    }
  }

  return {
    memory,
    redis,
    lookup(key) {
      const page = memory?.get(key)
      if (page) return { page, source: 'memory' }
      return redis ? fromRedis(key) : undefined
    },
    store(key, page) {
      memory?.set(key, page)
      redis?.set(key, page)?.catch(onError)
    },
    async purge(purge) {
      let dropped = dropFromMemory(purge)
      if (!redis) return dropped
      try {
        if ('all' in purge) await redis.clear()
        else dropped += await redis.purge(purge.tags)
        await redis.announce(purge)
      } catch (error) {
        onError(error as Error)
      }
      return dropped
    },
    ready: () => listening,
    async close() {
      await redis?.close()
    },
  }
}
