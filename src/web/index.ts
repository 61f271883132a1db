/** The site: server-rendered pages, feeds and sitemaps over the store. */

export { type CacheRules, DEFAULT_CACHE_RULES_FILE, loadCacheRules } from './cache/cache-rules.ts'
export { purgeFor } from './cache/purge-targets.ts'
export { createRedisTier } from './cache/redis-tier.ts'
export type { BuildInfo } from './operations/health.ts'
export { createSite, type SiteCacheOptions, type SiteOptions } from './server.ts'
export type { SiteThread } from './thread-peers.ts'
