import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Post, postSlug, sourceIdOf, writeNdjsonLine } from '../../content/index.ts'
import { importPosts } from '../../importer/index.ts'
import { decideReview, recordPurge } from '../../store/index.ts'
import { testDatabases } from '../../store/testing/test-stores.ts'
import { createSite } from '../server.ts'
import { createSiteFixture, type SiteFixture } from '../testing/site-fixture.ts'
import { redisAvailable, testRedisPrefix, testRedisUrl } from '../testing/test-redis.ts'
import { type CacheExample, loadCacheRules, parseCacheRules } from './cache-rules.ts'
import { purgeFor } from './purge-targets.ts'

const databases = testDatabases()
const slugOf = (post: Post) => postSlug(post.title, sourceIdOf(post)!)

describe('cache rules', () => {
  let site: SiteFixture
  const rules = loadCacheRules()
  const get = (url: string, headers: Record<string, string> = {}) =>
    site.app.inject({ url, headers })
  beforeAll(async () => {
    site = await createSiteFixture(await databases.create('sqlite'), { count: 40 })
  })
  afterAll(() => site?.close())

  const fill = (url: string) =>
    url
      .replaceAll('{post}', slugOf(site.posts[3]!))
      .replaceAll(
        '{stack}',
        (site.posts[3]!.meta.stack as string[])[0]!.replace(/[^a-z0-9]+/g, '-'),
      )
  const request = (example: CacheExample) => {
    const { url, ...headers } = typeof example === 'string' ? { url: example } : example
    return { url: fill(url), headers: headers as Record<string, string> }
  }

  for (const rule of rules.rules) {
    for (const example of rule.examples.cached) {
      it(`${rule.name}: ${JSON.stringify(example)} is cached, as the rules file says`, async () => {
        const { url, headers } = request(example)
        await site.app.siteCache.pages.purge({ all: true })
        const first = await get(url, headers)
        expect(first.statusCode).toBe(200)
        expect(first.headers['x-cache']).toBe('MISS')
        expect(first.headers['x-cache-rule']).toBe(rule.name)
        expect(first.headers['cache-control']).toBe(rule.cacheControl)
        const second = await get(url, headers)
        expect(second.headers['x-cache']).toBe('HIT')
        expect(second.headers['x-cache-rule']).toBe(rule.name)
        expect(second.headers.etag).toBe(first.headers.etag)
        expect(second.headers['content-type']).toBe(first.headers['content-type'])
        expect(second.body).toBe(first.body)
      })
    }
    for (const example of rule.examples.bypassed) {
      it(`${rule.name}: ${JSON.stringify(example)} bypasses the cache, as the rules file says`, async () => {
        const { url, headers } = request(example)
        for (let i = 0; i < 2; i++) {
          const response = await get(url, headers)
          expect(response.headers['x-cache']).toBe('BYPASS')
          expect(response.headers['x-cache-rule']).toBe(rule.name)
          expect(response.headers['x-cache-bypass']).toBeTruthy()
          expect(response.headers['cache-control']).toMatch(/no-store/)
        }
      })
    }
  }

  it('says why it bypassed: the session cookie, the Authorization header, a preview parameter', async () => {
    const url = `/posts/${slugOf(site.posts[1]!)}`
    const why = async (headers: Record<string, string>, query = '') =>
      (await get(url + query, headers)).headers['x-cache-bypass']
    expect(await why({ cookie: 'theme=dark; alphanode_session=x' })).toBe(
      'cookie alphanode_session',
    )
    expect(await why({ authorization: 'Bearer x' })).toBe('header authorization')
    expect(await why({}, '?preview=1')).toBe('query preview')
    expect(await why({ cookie: 'alphanode_session_old=x; theme=dark' })).toBeUndefined()
  })

  it('answers 304 to a matching If-None-Match, on a miss and on a hit', async () => {
    const url = `/posts/${slugOf(site.posts[2]!)}`
    await site.app.siteCache.pages.purge({ all: true })
    const first = await get(url)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/)
    await site.app.siteCache.pages.purge({ all: true })
    const onMiss = await get(url, { 'if-none-match': etag })
    expect(onMiss.statusCode).toBe(304)
    expect(onMiss.body).toBe('')
    const onHit = await get(url, { 'if-none-match': `"other", W/${etag}` })
    expect(onHit.statusCode).toBe(304)
    expect(onHit.headers['x-cache']).toBe('HIT')
    expect((await get(url, { 'if-none-match': '"other"' })).statusCode).toBe(200)
  })

  it('keys a page by its own parameters only: tracking parameters share the entry', async () => {
    await site.app.siteCache.pages.purge({ all: true })
    expect((await get('/?page=2&utm_source=x')).headers['x-cache']).toBe('MISS')
    expect((await get('/?utm_medium=y&page=2')).headers['x-cache']).toBe('HIT')
    expect((await get('/?page=3')).headers['x-cache']).toBe('MISS')
  })

  it('a HEAD stores the whole page for the next GET, and is answered from it with no body', async () => {
    await site.app.siteCache.pages.purge({ all: true })
    const head = await site.app.inject({ method: 'HEAD', url: '/stacks' })
    expect(head.headers['x-cache']).toBe('MISS')
    expect(head.body).toBe('')
    const page = await get('/stacks')
    expect(page.headers['x-cache']).toBe('HIT')
    expect(page.body.length).toBe(Number(head.headers['content-length']))
    const again = await site.app.inject({ method: 'HEAD', url: '/stacks' })
    expect(again.headers['x-cache']).toBe('HIT')
    expect(again.body).toBe('')
  })

  it('stores only 200s: a 404 is rendered every time', async () => {
    for (let i = 0; i < 2; i++) {
      const response = await get('/posts/no-such-post-here')
      expect(response.statusCode).toBe(404)
      expect(response.headers['x-cache']).toBe('MISS')
      expect(response.headers['cache-control']).toBe('no-store')
    }
  })

  it('purges one route and its forms, and nothing else', async () => {
    const [one, other] = [slugOf(site.posts[5]!), slugOf(site.posts[6]!)]
    const urls = [
      `/posts/${one}`,
      `/posts/${one}.txt`,
      `/posts/${one}.md`,
      `/posts/${one}.json`,
      `/posts/${other}`,
      '/',
    ]
    await site.app.siteCache.pages.purge({ all: true })
    for (const url of urls) await get(url)
    const purge = await purgeFor([{ path: `/posts/${one}.json` }], {
      rules,
      store: site.store,
      reads: site.store.createPostReads(),
    })
    expect(await site.app.siteCache.pages.purge(purge)).toBe(4)
    const after = await Promise.all(urls.map(async (url) => (await get(url)).headers['x-cache']))
    expect(after).toEqual(['MISS', 'MISS', 'MISS', 'MISS', 'HIT', 'HIT'])
  })

  it('follows the purge log: a decision in another process drops the pages that show the post', async () => {
    const post = site.posts.find(
      (candidate) =>
        candidate.meta.flags &&
        (candidate.meta.flags as { needs_human_review?: number }).needs_human_review === 1,
    )!
    const slug = slugOf(post)
    const stack = (post.meta.stack as string[])[0]!.replace(/[^a-z0-9]+/g, '-')
    const unrelated = site.posts.find(
      (candidate) =>
        !(candidate.meta.stack as string[]).includes((post.meta.stack as string[])[0]!),
    )!
    const showing = [
      `/posts/${slug}`,
      '/',
      `/stacks/${stack}`,
      '/stacks',
      '/feed.xml',
      '/sitemap.xml',
    ]
    const notShowing = [`/posts/${slugOf(unrelated)}`]
    for (const url of [...showing, ...notShowing]) await get(url)
    for (const url of [...showing, ...notShowing])
      expect((await get(url)).headers['x-cache']).toBe('HIT')

    await decideReview(site.store, [slug], 'approved')
    await site.app.siteCache.syncPurgeLog()
    for (const url of showing) expect((await get(url)).headers['x-cache'], url).toBe('MISS')
    for (const url of notShowing) expect((await get(url)).headers['x-cache'], url).toBe('HIT')
    expect((await get(`/posts/${slug}`)).headers['x-robots-tag']).toBeUndefined()

    await recordPurge(site.store.db, [{ rule: 'feeds' }])
    await site.app.siteCache.syncPurgeLog()
    expect((await get('/feed.xml')).headers['x-cache']).toBe('MISS')
    expect((await get(`/posts/${slugOf(unrelated)}`)).headers['x-cache']).toBe('HIT')
  })

  it('an import that changes a post purges its page; one that changes nothing purges nothing', async () => {
    const post = site.posts[8]!
    const url = `/posts/${slugOf(post)}`
    const other = `/posts/${slugOf(site.posts[9]!)}`
    await get(url)
    await get(other)
    const dir = mkdtempSync(join(tmpdir(), 'alphanode-import-'))
    const file = join(dir, 'changed.ndjson')
    writeFileSync(file, writeNdjsonLine({ ...post, intro: 'A freshly imported introduction.' }))
    const changed = await importPosts(site.store, { files: [file] })
    expect(changed.updated).toBe(1)
    await site.app.siteCache.syncPurgeLog()
    const page = await get(url)
    expect(page.headers['x-cache']).toBe('MISS')
    expect(page.body).toContain('A freshly imported introduction.')
    expect((await get(other)).headers['x-cache']).toBe('HIT')

    const again = await importPosts(site.store, { files: [file] })
    expect(again.unchanged).toBe(1)
    await site.app.siteCache.syncPurgeLog()
    expect((await get(url)).headers['x-cache']).toBe('HIT')
  })

  it('counts results by rule in /metrics', async () => {
    const metrics = (await get('/metrics')).body
    expect(metrics).toMatch(
      /alphanode_cache_results_total\{rule="article",result="hit_memory"\} [1-9]/,
    )
    expect(metrics).toMatch(/alphanode_cache_results_total\{rule="article",result="bypass"\} [1-9]/)
  })
})

describe('the purge log during a database outage', () => {
  it('is retried every tick but warned about once, not once a second', async () => {
    const lines: string[] = []
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) })
    const fixture = await createSiteFixture(await databases.create('sqlite'), { count: 3, log })
    await fixture.store.close()
    try {
      for (let i = 0; i < 3; i++) await fixture.app.siteCache.syncPurgeLog()
      expect(
        lines.filter((line) => line.includes('reading the cache purge log failed')),
      ).toHaveLength(1)
    } finally {
      await fixture.app.close()
    }
  })
})

describe('cache rules file', () => {
  it('names the file and the field of a mistake', () => {
    expect(() =>
      parseCacheRules(
        'bypass: {}\nrules:\n  - name: Article\n    description: x\n    routes: [/]\n    ttl: 1\n',
        'rules.yaml',
      ),
    ).toThrow(/rules\.yaml: rules\.0\.name/)
    expect(() => parseCacheRules('rules: [', 'broken.yaml')).toThrow(/broken\.yaml/)
  })

  it('refuses to start a site with a route in no rule', async () => {
    const database = await databases.create('sqlite')
    const store = await database.open()
    try {
      const rules = loadCacheRules()
      const app = createSite({
        store,
        log: pino({ level: 'silent' }),
        publicUrl: 'http://127.0.0.1',
        cache: { rules: { ...rules, rules: rules.rules.filter((rule) => rule.name !== 'feeds') } },
      })
      await expect(app.ready()).rejects.toThrow(/no rule lists these routes: .*\/feed\.xml/)
      const typo = createSite({
        store,
        log: pino({ level: 'silent' }),
        publicUrl: 'http://127.0.0.1',
        cache: {
          rules: {
            ...rules,
            rules: rules.rules.map((rule) =>
              rule.name === 'article' ? { ...rule, routes: [...rule.routes, '/post/:file'] } : rule,
            ),
          },
        },
      })
      await expect(typo.ready()).rejects.toThrow(/the site has no route \/post\/:file/)
    } finally {
      await store.close()
    }
  })
})

describe.runIf(await redisAvailable())('the shared cache in Redis', () => {
  let site: SiteFixture
  let second: ReturnType<typeof createSite>
  const prefix = testRedisPrefix()
  beforeAll(async () => {
    const cache = { redisUrl: testRedisUrl(), redisPrefix: prefix }
    site = await createSiteFixture(await databases.create('sqlite'), { count: 10, cache })
    // A second web node over the same database and Redis.
    second = createSite({
      store: site.store,
      log: pino({ level: 'silent' }),
      publicUrl: 'https://articles.example.com',
      cache,
    })
    await second.ready()
  })
  afterAll(async () => {
    await site?.app.siteCache.pages.purge({ all: true })
    await second?.close()
    await site?.close()
  })

  it('serves a page one node rendered from Redis on another, and a purge reaches both', async () => {
    const url = `/posts/${slugOf(site.posts[4]!)}`
    const rendered = await site.app.inject(url)
    expect(rendered.headers['x-cache']).toBe('MISS')
    // The write to Redis is not awaited by the request; give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 50))
    const shared = await second.inject(url)
    expect(shared.headers['x-cache']).toBe('HIT')
    expect(shared.headers['x-cache-source']).toBe('redis')
    expect(shared.body).toBe(rendered.body)
    expect((await second.inject(url)).headers['x-cache-source']).toBe('memory')

    await site.app.siteCache.pages.purge({ tags: [`g:${url}`] })
    // The announcement travels through Redis pub/sub to the other node.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await second.inject(url)).headers['x-cache']).toBe('MISS')
  })

  it('renders without Redis when Redis is gone', async () => {
    const database = await databases.create('sqlite')
    const store = await database.open()
    const app = createSite({
      store,
      log: pino({ level: 'silent' }),
      publicUrl: 'http://127.0.0.1',
      cache: { redisUrl: 'redis://127.0.0.1:1', memoryBytes: 0 },
    })
    try {
      for (let i = 0; i < 2; i++) {
        const response = await app.inject('/')
        expect(response.statusCode).toBe(200)
        expect(response.headers['x-cache']).toBe('MISS')
      }
    } finally {
      await app.close()
      await store.close()
    }
  })
})
