/** One stored answer: enough to send it again byte for byte, with its validators. */
export interface CachedPage {
  contentType: string
  /** Headers the route set that belong to the page (`x-robots-tag`, `link`). */
  headers: Record<string, string>
  body: string
  /** Strong validator: a hash of the body. */
  etag: string
  /** Epoch milliseconds, for the `Age` header. */
  storedAt: number
  expiresAt: number
  /** What purges it: its route group, rule and route pattern (see the tag helpers). */
  tags: string[]
}

/** Purge tags: a route group (`/posts/x` and its forms), a rule, a route pattern. */
export const groupTag = (group: string): string => `g:${group}`
export const ruleTag = (rule: string): string => `r:${rule}`
export const routeTag = (route: string): string => `p:${route}`

/** One level of the cache: this process's memory, or Redis shared by every node. */
export interface CacheTier {
  readonly name: 'memory' | 'redis'
  get(key: string): CachedPage | undefined | Promise<CachedPage | undefined>
  set(key: string, page: CachedPage): void | Promise<void>
  /** Drops every page carrying one of the tags; answers how many went. */
  purge(tags: readonly string[]): number | Promise<number>
  clear(): void | Promise<void>
}
