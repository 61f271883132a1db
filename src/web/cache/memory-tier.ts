import { LRUCache } from 'lru-cache'
import type { CachedPage, CacheTier } from './cached-page.ts'

// Per-entry bookkeeping beside the body: key, headers, tag index slots.
const OVERHEAD_BYTES = 512

export interface MemoryTier extends CacheTier {
  readonly name: 'memory'
  get(key: string): CachedPage | undefined
  purge(tags: readonly string[]): number
  /** Pages held and their approximate bytes, for metrics. */
  stats(): { pages: number; bytes: number }
}

/**
 * The in-process cache: least recently used pages leave first once `maxBytes` is reached; a
 * tag index lets a purge drop one route's pages without scanning the rest.
 */
export function createMemoryTier(maxBytes: number): MemoryTier {
  const keysByTag = new Map<string, Set<string>>()
  const tagsByKey = new Map<string, readonly string[]>()
  const untag = (key: string) => {
    for (const tag of tagsByKey.get(key) ?? []) {
      const keys = keysByTag.get(tag)
      keys?.delete(key)
      if (keys?.size === 0) keysByTag.delete(tag)
    }
    tagsByKey.delete(key)
  }
  const pages = new LRUCache<string, CachedPage>({
    maxSize: maxBytes,
    sizeCalculation: (page) => page.body.length + OVERHEAD_BYTES,
    dispose: (_page, key, reason) => {
      // A `set` over an existing key re-tags it right after; every other reason drops it.
      if (reason !== 'set') untag(key)
    },
  })
  return {
    name: 'memory',
    get(key) {
      const page = pages.get(key)
      if (page && page.expiresAt <= Date.now()) {
        pages.delete(key)
        return undefined
      }
      return page
    },
    set(key, page) {
      const ttl = page.expiresAt - Date.now()
      if (ttl <= 0) return
      untag(key)
      pages.set(key, page)
      if (!pages.has(key)) return
      tagsByKey.set(key, page.tags)
      for (const tag of page.tags) {
        const keys = keysByTag.get(tag)
        if (keys) keys.add(key)
        else keysByTag.set(tag, new Set([key]))
      }
    },
    purge(tags) {
      let dropped = 0
      for (const tag of tags)
        for (const key of [...(keysByTag.get(tag) ?? [])]) if (pages.delete(key)) dropped++
      return dropped
    },
    clear() {
      pages.clear()
    },
    stats: () => ({ pages: pages.size, bytes: pages.calculatedSize }),
  }
}
