import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { z } from 'zod'
import { AppError } from '../../errors.ts'

/** The rules file shipped with the site; ALPHANODE_CACHE_RULES names another. */
export const DEFAULT_CACHE_RULES_FILE = fileURLToPath(
  new URL('../../../config/cache-rules.yaml', import.meta.url),
)

const name = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lowercase name such as "article"')
const seconds = z.number().int().min(0).max(31_536_000)
const example = z.union([
  z.string(),
  z.strictObject({
    url: z.string(),
    cookie: z.string().optional(),
    authorization: z.string().optional(),
  }),
])

const RULES_FILE = z.strictObject({
  bypass: z.strictObject({
    cookies: z.array(z.string().min(1)).default([]),
    headers: z.array(z.string().min(1)).default([]),
    query: z.array(z.string().min(1)).default([]),
  }),
  rules: z
    .array(
      z.strictObject({
        name,
        description: z.string().min(1),
        routes: z.array(z.string().startsWith('/')).min(1),
        ttl: seconds,
        browser_ttl: seconds.default(0),
        immutable: z.boolean().default(false),
        query: z.array(z.string().min(1)).default([]),
        variants: z.array(z.string().regex(/^\.[a-z0-9]+$/)).default([]),
        examples: z
          .strictObject({
            cached: z.array(example).default([]),
            bypassed: z.array(example).default([]),
          })
          .default({ cached: [], bypassed: [] }),
      }),
    )
    .min(1),
})

export type CacheExample = z.infer<typeof example>

export interface CacheRule {
  name: string
  description: string
  /** Route patterns as registered (`/posts/:file`); a trailing `*` matches a prefix. */
  routes: string[]
  /** Seconds a page stays in the site's cache (and a CDN's); 0: never stored. */
  ttl: number
  /** Seconds in a reader's browser. */
  browserTtl: number
  immutable: boolean
  /** Query parameters that make a different page; the rest are left out of the cache key. */
  query: string[]
  /** Suffixes that are forms of one page, purged together. */
  variants: string[]
  /** Precomputed Cache-Control for a 200 answer. */
  cacheControl: string
  examples: { cached: CacheExample[]; bypassed: CacheExample[] }
}

export interface CacheRules {
  bypass: { cookies: string[]; headers: string[]; query: string[] }
  rules: CacheRule[]
  /** Where the rules came from, for errors and `config show`. */
  source: string
}

/** Reads and checks a rules file; a mistake names the file and the offending field. */
export function loadCacheRules(file: string = DEFAULT_CACHE_RULES_FILE): CacheRules {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `cache rules: cannot read ${file}`, { cause: error })
  }
  return parseCacheRules(text, file)
}

export function parseCacheRules(text: string, source: string): CacheRules {
  let raw: unknown
  try {
    raw = parse(text)
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `cache rules ${source}: ${(error as Error).message}`)
  }
  const parsed = RULES_FILE.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new AppError(
      'CONFIG_INVALID',
      `cache rules ${source}: ${issue.path.join('.') || '(top)'}: ${issue.message}`,
    )
  }
  const names = new Set<string>()
  const rules = parsed.data.rules.map((rule): CacheRule => {
    if (names.has(rule.name))
      throw new AppError('CONFIG_INVALID', `cache rules ${source}: two rules named ${rule.name}`)
    names.add(rule.name)
    return {
      name: rule.name,
      description: rule.description,
      routes: rule.routes,
      ttl: rule.ttl,
      browserTtl: rule.browser_ttl,
      immutable: rule.immutable,
      query: [...rule.query].sort(),
      variants: rule.variants,
      cacheControl: cacheControlOf(rule.ttl, rule.browser_ttl, rule.immutable),
      examples: rule.examples,
    }
  })
  return {
    bypass: {
      cookies: parsed.data.bypass.cookies,
      headers: parsed.data.bypass.headers.map((header) => header.toLowerCase()),
      query: parsed.data.bypass.query,
    },
    rules,
    source,
  }
}

function cacheControlOf(ttl: number, browserTtl: number, immutable: boolean): string {
  if (ttl === 0 && browserTtl === 0) return 'no-store'
  const parts = ['public', `max-age=${browserTtl}`]
  if (ttl > 0) parts.push(`s-maxage=${ttl}`)
  if (immutable) parts.push('immutable')
  return parts.join(', ')
}

/** The rule for a registered route pattern: the first that lists it. */
export function ruleForRoute(rules: CacheRules, route: string): CacheRule | undefined {
  return rules.rules.find((rule) =>
    rule.routes.some((pattern) =>
      pattern.endsWith('*') ? route.startsWith(pattern.slice(0, -1)) : pattern === route,
    ),
  )
}

export interface RequestFacts {
  headers: Record<string, string | string[] | undefined>
  /** The query string without its `?`, or ''. */
  search: string
}

/** Why a request must not be served from or stored in a cache, or undefined when it may be. */
export function bypassReason(rules: CacheRules, request: RequestFacts): string | undefined {
  for (const header of rules.bypass.headers)
    if (request.headers[header] !== undefined) return `header ${header}`
  const cookie = request.headers.cookie
  if (typeof cookie === 'string' && rules.bypass.cookies.length > 0) {
    for (const part of cookie.split(';')) {
      const cookieName = part.slice(0, part.indexOf('=')).trim()
      if (rules.bypass.cookies.includes(cookieName)) return `cookie ${cookieName}`
    }
  }
  if (request.search !== '' && rules.bypass.query.length > 0) {
    const params = new URLSearchParams(request.search)
    for (const parameter of rules.bypass.query)
      if (params.has(parameter)) return `query ${parameter}`
  }
  return undefined
}

/**
 * The page a URL names under a rule: its path plus the rule's own query parameters, sorted,
 * so `?utm_source=x` or a reordered query cannot fill the cache with copies of one page.
 */
export function cacheKey(rule: CacheRule, path: string, search: string): string {
  if (rule.query.length === 0 || search === '') return path
  const params = new URLSearchParams(search)
  const kept = new URLSearchParams()
  for (const parameter of rule.query) {
    const value = params.get(parameter)
    if (value !== null) kept.set(parameter, value)
  }
  const query = kept.toString()
  return query === '' ? path : `${path}?${query}`
}

/** The route a path belongs to, for purging: `/posts/x.json` → `/posts/x` under the article rule. */
export function routeGroup(rule: CacheRule, path: string): string {
  for (const variant of rule.variants)
    if (path.endsWith(variant)) return path.slice(0, -variant.length)
  return path
}

/**
 * The groups a purge of `path` must drop, without knowing its route: the path itself and,
 * when it ends in a variant suffix, the page it is a form of. A group that was never stored
 * costs nothing to drop.
 */
export function groupsToPurge(rules: CacheRules, path: string): string[] {
  const groups = new Set([path])
  for (const rule of rules.rules)
    for (const variant of rule.variants)
      if (path.endsWith(variant)) groups.add(path.slice(0, -variant.length))
  return [...groups]
}
