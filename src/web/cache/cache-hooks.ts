import { hash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Counter, Gauge, type Registry } from 'prom-client'
import { AppError } from '../../errors.ts'
import {
  bypassReason,
  type CacheRule,
  type CacheRules,
  cacheKey,
  routeGroup,
  ruleForRoute,
} from './cache-rules.ts'
import { type CachedPage, groupTag, routeTag, ruleTag } from './cached-page.ts'
import type { CacheHit, PageCache } from './page-cache.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    cacheRule?: CacheRule
  }
  interface FastifyRequest {
    cacheState: CacheState | null
  }
}

interface CacheState {
  rule: CacheRule
  result: 'HIT' | 'MISS' | 'BYPASS'
  key: string
  path: string
  bypass?: string
}

// Headers a route sets that are part of the page, so a hit sends them again.
const PAGE_HEADERS = ['x-robots-tag', 'link'] as const
const NOT_STORED = 'no-store'
const PRIVATE = 'private, no-store'

export interface CacheHooksOptions {
  rules: CacheRules
  cache: PageCache
  registry: Registry
}

/**
 * Applies the cache rules to every route: each route gets its rule when it is registered (a
 * route in no rule stops the site at start, so no page is cached by accident); a GET is
 * answered from the cache before routing work when it may be, and a 200 it renders is stored.
 * Every answer says what happened in X-Cache, X-Cache-Rule and, on a bypass, X-Cache-Bypass.
 */
export function cacheHooks(app: FastifyInstance, { rules, cache, registry }: CacheHooksOptions) {
  const results = new Counter({
    name: 'alphanode_cache_results_total',
    help: 'Answers by cache rule and result: hit (from memory or redis), miss, bypass.',
    labelNames: ['rule', 'result'] as const,
    registers: [registry],
  })
  new Gauge({
    name: 'alphanode_cache_memory_bytes',
    help: "Approximate bytes of pages held in this process's cache.",
    registers: [registry],
    collect() {
      this.set(cache.memory?.stats().bytes ?? 0)
    },
  })

  const unruled: string[] = []
  const registered = new Set<string>()
  app.decorateRequest('cacheState', null)
  app.addHook('onRoute', (route) => {
    const rule = ruleForRoute(rules, route.url ?? route.path)
    if (!rule) unruled.push(`${route.method} ${route.url}`)
    registered.add(route.url ?? route.path)
    route.config = { ...route.config, cacheRule: rule }
  })
  app.addHook('onReady', async () => {
    if (unruled.length > 0)
      throw new AppError(
        'CONFIG_INVALID',
        `cache rules ${rules.source}: no rule lists these routes: ${unruled.join(', ')}`,
      )
    // A rule for a route the site does not have is a typo that would leave a page uncovered.
    const unknown = rules.rules.flatMap((rule) =>
      rule.routes.filter((route) => !route.endsWith('*') && !registered.has(route)),
    )
    if (unknown.length > 0)
      throw new AppError(
        'CONFIG_INVALID',
        `cache rules ${rules.source}: the site has no route ${unknown.join(', ')}`,
      )
    await cache.ready()
  })

  const sendHit = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: CacheState,
    hit: CacheHit,
  ) => {
    const { page } = hit
    state.result = 'HIT'
    results.inc({ rule: state.rule.name, result: `hit_${hit.source}` })
    reply.headers(page.headers)
    reply.header('x-cache', 'HIT')
    reply.header('x-cache-source', hit.source)
    reply.header('x-cache-rule', state.rule.name)
    reply.header('cache-control', state.rule.cacheControl)
    reply.header('etag', page.etag)
    reply.header('age', Math.max(0, Math.floor((Date.now() - page.storedAt) / 1000)))
    if (matchesEtag(request.headers['if-none-match'], page.etag)) reply.code(304).send()
    else reply.code(200).type(page.contentType).send(page.body)
  }

  app.addHook('onRequest', (request, reply, done) => {
    const rule = request.routeOptions.config.cacheRule
    if (!rule) return done()
    const query = request.url.indexOf('?')
    const path = query === -1 ? request.url : request.url.slice(0, query)
    const search = query === -1 ? '' : request.url.slice(query + 1)
    const bypass =
      request.method !== 'GET' && request.method !== 'HEAD'
        ? `method ${request.method}`
        : rule.ttl === 0
          ? `rule ${rule.name} stores nothing`
          : bypassReason(rules, { headers: request.headers, search })
    const state: CacheState = {
      rule,
      result: bypass ? 'BYPASS' : 'MISS',
      key: bypass ? '' : cacheKey(rule, path, search),
      path,
      bypass,
    }
    request.cacheState = state
    if (bypass) return done()
    const found = cache.lookup(state.key)
    if (found === undefined) return done()
    if (!(found instanceof Promise)) return sendHit(request, reply, state, found)
    found.then(
      (hit) => (hit ? sendHit(request, reply, state, hit) : done()),
      () => done(),
    )
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const state = request.cacheState
    if (!state || state.result === 'HIT') return payload
    const { rule } = state
    reply.header('x-cache', state.result)
    reply.header('x-cache-rule', rule.name)
    if (state.result === 'BYPASS') {
      results.inc({ rule: rule.name, result: 'bypass' })
      reply.header('x-cache-bypass', state.bypass)
      reply.header('cache-control', rule.ttl === 0 ? rule.cacheControl : PRIVATE)
      return payload
    }
    results.inc({ rule: rule.name, result: 'miss' })
    if (reply.statusCode !== 200 || typeof payload !== 'string') {
      reply.header('cache-control', NOT_STORED)
      return payload
    }
    const etag = `"${hash('sha1', payload, 'base64url')}"`
    const now = Date.now()
    const page: CachedPage = {
      contentType: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
      headers: pageHeaders(reply),
      body: payload,
      etag,
      storedAt: now,
      expiresAt: now + rule.ttl * 1000,
      tags: [
        groupTag(routeGroup(rule, state.path)),
        ruleTag(rule.name),
        routeTag(request.routeOptions.url ?? ''),
      ],
    }
    cache.store(state.key, page)
    reply.header('cache-control', rule.cacheControl)
    reply.header('etag', etag)
    if (matchesEtag(request.headers['if-none-match'], etag)) {
      reply.code(304)
      return ''
    }
    return payload
  })
}

function pageHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const name of PAGE_HEADERS) {
    const value = reply.getHeader(name)
    if (value !== undefined) headers[name] = String(value)
  }
  return headers
}

/** RFC 9110 weak comparison, as If-None-Match asks: `W/` prefixes do not matter. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag)
}
