import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  isMetaMap,
  keyToLabel,
  type Post,
  postSlug,
  readPage,
  sourceIdOf,
  writePage,
} from '../content/index.ts'
import { readMarkdown } from '../content/markdown/index.ts'
import { decideReview } from '../store/index.ts'
import { testDatabases, testDialects } from '../store/testing/test-stores.ts'
import {
  createSiteFixture,
  HOSTILE_ID,
  PUBLIC_URL,
  type SiteFixture,
  XSS,
} from './testing/site-fixture.ts'

const databases = testDatabases()
const slugOf = (post: Post) => postSlug(post.title, sourceIdOf(post)!)
const needsReview = (post: Post) =>
  isMetaMap(post.meta.flags) && post.meta.flags.needs_human_review === 1
const links = (page: string) => [...page.matchAll(/href="(\/posts\/[^"]+)"/g)].map((m) => m[1]!)
const similarLinks = (page: string) => links(page.slice(page.indexOf('id="similar-heading"')))

describe.each(await testDialects())('the site on %s', (dialect) => {
  let site: SiteFixture
  const get = (url: string, headers: Record<string, string> = {}) =>
    site.app.inject({ method: 'GET', url, headers })
  const reviewed = () => site.posts.filter((post) => !needsReview(post))
  const awaiting = () => site.posts.filter(needsReview)

  beforeAll(async () => {
    site = await createSiteFixture(await databases.create(dialect), { sitemapShardSize: 25 })
  })
  afterAll(() => site?.close())

  describe('article page', () => {
    it('is semantic HTML: article, h1, figure, sections, code with its language, lists', async () => {
      const post = reviewed().find((p) =>
        p.sections.some((s) => s.blocks.some((b) => 'code' in b)),
      )!
      const response = await get(`/posts/${slugOf(post)}`)
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(response.headers['x-robots-tag']).toBeUndefined()
      const page = response.body
      expect(page).toMatch(/<article class="post">[\s\S]*<h1>[^<]+<\/h1>/)
      expect(page).toMatch(/<figure><img src="https:\/\/[^"]+" alt="[^"]+"[^>]*><figcaption>/)
      expect(page.match(/<section>\n<h2>/g)).toHaveLength(post.sections.length)
      const code = post.sections.flatMap((s) => s.blocks).find((b) => 'code' in b)!
      expect(page).toContain(
        `<pre><code class="language-${(code as { language: string }).language}">`,
      )
      const checklist = post.sections.flatMap((s) => s.blocks).find((b) => 'list' in b)
      if (checklist && 'list' in checklist)
        expect(page).toContain(
          `<ul>${checklist.list.map((item) => `<li>${item}</li>`).join('')}</ul>`,
        )
      expect(page).toContain(`<link rel="canonical" href="${PUBLIC_URL}/posts/${slugOf(post)}">`)
      expect(page).toContain('<meta property="og:title"')
      const ld = /<script type="application\/ld\+json">(.*?)<\/script>/.exec(page)![1]!
      expect(JSON.parse(ld)).toMatchObject({ '@type': 'TechArticle', headline: post.title })
    })

    it('shows every meta key in order with its label: scalars inline, lists, maps, lists of maps', async () => {
      const post = reviewed()[0]!
      const page = (await get(`/posts/${slugOf(post)}`)).body
      const box = page.slice(page.indexOf('<h2 id="post-meta-heading">alphanode post meta</h2>'))
      const keys = [...box.matchAll(/<div class="meta-row" data-key="([^"]+)"><dt>([^<]+)<\/dt>/g)]
      expect(keys.map((m) => m[1])).toEqual(Object.keys(post.meta))
      expect(keys.map((m) => m[2])).toEqual(Object.keys(post.meta).map(keyToLabel))
      expect(box).toContain(`<dt>reading time</dt><dd>${post.meta.reading_time}</dd>`)
      const tools = post.meta.tools as string[]
      expect(box).toContain(
        `<dt>tools</dt><dd><ul>${tools.map((t) => `<li>${t}</li>`).join('')}</ul>`,
      )
      expect(box).toMatch(
        /<dt>score<\/dt><dd><ul><li><span class="meta-key">quality:<\/span> \d+<\/li>/,
      )
      expect(box).toMatch(
        /<dt>entities<\/dt><dd><ul><li class="meta-map"><ul><li><span class="meta-key">name:<\/span> [^<]+<\/li><li><span class="meta-key">type:<\/span>/,
      )
      expect(box).toMatch(/<dt>image sources<\/dt>[\s\S]*?<a href="https:\/\/images\.unsplash\.com/)
    })

    it('lists its stored Similar Posts as links, and its other forms read back as the same post', async () => {
      const post = reviewed()[1]!
      const slug = slugOf(post)
      const page = (await get(`/posts/${slug}`)).body
      const similar = similarLinks(page)
      expect(similar.length).toBeGreaterThan(0)
      expect(similar.length).toBeLessThanOrEqual(5)
      const titles: string[] = []
      for (const link of similar) {
        const linked = await get(link)
        expect(linked.statusCode).toBe(200)
        titles.push(/<h1>([^<]+)<\/h1>/.exec(linked.body)![1]!)
      }

      const text = await get(`/posts/${slug}.txt`)
      expect(text.headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(text.headers.link).toBe(`<${PUBLIC_URL}/posts/${slug}>; rel="canonical"`)
      expect(text.body).toBe(writePage(post, { similar: titles }))
      expect(readPage(text.body)).toEqual({ post, similar: titles })

      const markdown = await get(`/posts/${slug}.md`)
      expect(markdown.headers['content-type']).toBe('text/markdown; charset=utf-8')
      expect(readMarkdown(markdown.body)).toEqual(post)
      const json = await get(`/posts/${slug}.json`)
      expect(json.headers['content-type']).toBe('application/json; charset=utf-8')
      expect(JSON.parse(json.body)).toEqual(post)
    })

    it('escapes hostile text everywhere it is rendered', async () => {
      const hostile = site.posts.find((post) => sourceIdOf(post) === HOSTILE_ID)!
      const pages = [
        (await get(`/posts/${slugOf(hostile)}`)).body,
        (await get('/')).body,
        (await get('/search?q=hostile')).body,
        (await get('/feed.xml')).body,
        (await get(`/search?q=${encodeURIComponent(XSS.script)}`)).body,
      ]
      for (const page of pages) {
        expect(page).not.toContain('<script>window')
        // Escaped, `onerror="` reads `onerror=&quot;`: only a raw quote makes an attribute.
        expect(page).not.toMatch(/\son\w+="/i)
        expect(page).not.toContain('href="javascript:')
      }
      const article = pages[0]!
      expect(article).toContain('&lt;script&gt;window.__xss = &quot;script&quot;&lt;/script&gt;')
      expect(article).toContain('<pre><code class="language-html">&lt;script&gt;')
      const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(article)![1]!
      expect(ld).not.toContain('<')
      expect(JSON.parse(ld).headline).toBe(hostile.title)
    })

    it('answers 404 for unknown posts and formats, with a search for the words of the address', async () => {
      const post = reviewed()[0]!
      for (const url of [
        '/posts/no-such-post-alphanode-999',
        `/posts/${slugOf(post)}.html`,
        `/posts/${slugOf(post).toUpperCase()}`,
        '/posts/..%2F..%2Fetc%2Fpasswd',
      ]) {
        const response = await get(url)
        expect(response.statusCode, url).toBe(404)
        expect(response.body).toContain('Page not found')
        expect(response.body).toContain('<meta name="robots" content="noindex">')
      }
      expect((await get('/posts/no-such-post-alphanode-999')).body).toContain(
        'value="no such post"',
      )
    })
  })

  describe('review before indexing', () => {
    it('serves a post awaiting review with noindex, labelled, outside feeds and sitemaps', async () => {
      const post = awaiting()[0]!
      const slug = slugOf(post)
      const response = await get(`/posts/${slug}`)
      expect(response.statusCode).toBe(200)
      expect(response.headers['x-robots-tag']).toBe('noindex')
      expect(response.body).toContain('<meta name="robots" content="noindex">')
      expect(response.body).toContain('Awaiting review.')
      expect((await get(`/posts/${slug}.txt`)).headers['x-robots-tag']).toBe('noindex')
      expect((await get('/feed.xml')).body).not.toContain(slug)
      expect(await sitemapUrls()).not.toContain(`${PUBLIC_URL}/posts/${slug}`)
      // A reviewed post never suggests one awaiting review.
      for (const other of reviewed().slice(0, 30)) {
        const similar = similarLinks((await get(`/posts/${slugOf(other)}`)).body)
        for (const link of similar)
          expect(awaiting().map((p) => `/posts/${slugOf(p)}`)).not.toContain(link)
      }
    })

    it('shows approval at once: headers, sitemap, feed', async () => {
      const post = awaiting()[1]!
      const slug = slugOf(post)
      await decideReview(site.store, [sourceIdOf(post)!], 'approved')
      await site.app.siteCache.syncPurgeLog()
      const response = await get(`/posts/${slug}`)
      expect(response.headers['x-robots-tag']).toBeUndefined()
      expect(response.body).not.toContain('<meta name="robots"')
      expect(await sitemapUrls()).toContain(`${PUBLIC_URL}/posts/${slug}`)
    })

    it('withdraws a rejected post: 410, out of archives, search and Similar Posts', async () => {
      const post = reviewed()[5]!
      const slug = slugOf(post)
      const stack = (post.meta.stack as string[])[0]!
      const stackSlug = stack.replace(/[^a-z0-9]+/g, '-')
      const countBefore = archiveCount((await get(`/stacks/${stackSlug}`)).body)
      const citing = []
      for (const other of reviewed())
        if (similarLinks((await get(`/posts/${slugOf(other)}`)).body).includes(`/posts/${slug}`))
          citing.push(other)
      expect(citing.length).toBeGreaterThan(0)

      await decideReview(site.store, [slug], 'rejected')
      await site.app.siteCache.syncPurgeLog()
      const gone = await get(`/posts/${slug}`)
      expect(gone.statusCode).toBe(410)
      expect(gone.body).toContain('withdrawn')
      expect((await get(`/posts/${slug}.json`)).statusCode).toBe(410)
      expect(archiveCount((await get(`/stacks/${stackSlug}`)).body)).toBe(countBefore - 1)
      expect((await get(`/search?q=${encodeURIComponent(post.title)}`)).body).not.toContain(slug)
      expect(await sitemapUrls()).not.toContain(`${PUBLIC_URL}/posts/${slug}`)
      for (const other of citing)
        expect(similarLinks((await get(`/posts/${slugOf(other)}`)).body)).not.toContain(
          `/posts/${slug}`,
        )

      await decideReview(site.store, [slug], 'approved')
      await site.app.siteCache.syncPurgeLog()
      expect((await get(`/posts/${slug}`)).statusCode).toBe(200)
      expect(archiveCount((await get(`/stacks/${stackSlug}`)).body)).toBe(countBefore)
    })
  })

  describe('lists', () => {
    it('home: newest first, labelled, paginated with one URL per page', async () => {
      const first = await get('/')
      expect(first.statusCode).toBe(200)
      const dates = [...first.body.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1]!)
      expect(dates).toHaveLength(20)
      expect([...dates].sort().reverse()).toEqual(dates)
      expect(first.body).toContain('<link rel="next" href="/?page=2">')
      const second = await get('/?page=2')
      expect(second.body).toContain('<link rel="prev" href="/">')
      expect(second.body).toContain(`<link rel="canonical" href="${PUBLIC_URL}/?page=2">`)
      expect(links(second.body).filter((l) => links(first.body).includes(l))).toEqual([])
      const all: string[] = []
      for (let page = 1; ; page++) {
        const response = await get(`/?page=${page}`)
        if (response.statusCode === 404) break
        all.push(...links(response.body).filter((l) => !l.includes('.')))
      }
      expect(new Set(all).size).toBe(site.posts.length)
      // The label marks exactly the listed posts that are served with noindex.
      for (const item of first.body.split('<li class="post-item">').slice(1)) {
        const link = links(item)[0]!
        const noindex = (await get(link)).headers['x-robots-tag'] === 'noindex'
        expect(item.includes('awaiting review'), link).toBe(noindex)
      }
      expect((await get('/?page=abc')).statusCode).toBe(400)
      expect((await get('/?page=0')).statusCode).toBe(400)
      expect((await get('/?page=999')).statusCode).toBe(404)
    })

    it('archives: every stack with its count, each archive paginated newest first', async () => {
      const index = await get('/stacks')
      expect(index.statusCode).toBe(200)
      const stacks = [
        ...index.body.matchAll(
          /<a href="\/stacks\/([^"]+)">([^<]+)<\/a> <span class="count">(\d+)<\/span>/g,
        ),
      ]
      const expected = new Map<string, number>()
      for (const post of site.posts) {
        const stack = (post.meta.stack as string[])[0]!
        expected.set(stack, (expected.get(stack) ?? 0) + 1)
      }
      expect(new Map(stacks.map((m) => [m[2]!, Number(m[3])]))).toEqual(expected)
      const tools = [
        ...(await get('/tools')).body.matchAll(
          /<a href="\/tools\/([^"]+)">[^<]+<\/a> <span class="count">(\d+)<\/span>/g,
        ),
      ]
      const [, slug, count] = tools.reduce((most, m) => (Number(m[2]) > Number(most[2]) ? m : most))
      expect(Number(count)).toBeGreaterThan(40)
      const archive = await get(`/tools/${slug}`)
      expect(archive.body).toContain(`${count} articles, newest first.`)
      expect(links(archive.body).filter((l) => !l.includes('.'))).toHaveLength(20)
      const last = Math.ceil(Number(count) / 20)
      const dates = [...archive.body.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1]!)
      expect([...dates].sort().reverse()).toEqual(dates)
      expect((await get(`/tools/${slug}?page=${last}`)).statusCode).toBe(200)
      expect((await get(`/tools/${slug}?page=${last + 1}`)).statusCode).toBe(404)
      expect((await get('/stacks/no-such-stack')).statusCode).toBe(404)
      for (const kind of ['difficulties', 'problems']) {
        const page = await get(`/${kind}`)
        expect(page.statusCode, kind).toBe(200)
        const first = new RegExp(`<a href="(/${kind}/[^"]+)">`).exec(page.body)![1]!
        expect((await get(first)).statusCode, first).toBe(200)
      }
    })
  })

  describe('search page', () => {
    it('finds posts with highlighted snippets, filters and paginates', async () => {
      const post = reviewed()[3]!
      const stack = (post.meta.stack as string[])[0]!
      const response = await get(`/search?q=${encodeURIComponent(post.title)}`)
      expect(response.statusCode).toBe(200)
      expect(response.headers['x-robots-tag']).toBe('noindex')
      expect(links(response.body)[0]).toBe(`/posts/${slugOf(post)}`)
      expect(response.body).toMatch(/<mark>[^<]+<\/mark>/)
      const filtered = await get(`/search?q=checklist&stack=${encodeURIComponent(stack)}`)
      expect(filtered.body).toContain(`<option value="${stack}" selected>`)
      for (const link of links(filtered.body)) {
        const found = site.posts.find((p) => `/posts/${slugOf(p)}` === link)!
        expect((found.meta.stack as string[])[0]).toBe(stack)
      }
      expect((await get('/search?q=checklist&page=2')).statusCode).toBe(200)
      expect((await get('/search?q=checklist&page=51')).statusCode).toBe(400)
      expect((await get('/search?q=zzzzunknownword&page=2')).statusCode).toBe(404)
    })

    it.each([
      ['empty', ''],
      ['a lone quote', '"'],
      ['unbalanced parentheses', '(('],
      ['FTS operators', 'a AND OR NOT'],
      ['a column filter', 'title:x'],
      ['a star', '*'],
      ['other scripts and emoji', 'ü ñ 漢字 🙂'],
      ['SQL', "'; drop table posts; --"],
      ['5,000 letters', 'x'.repeat(5000)],
      ['markup', XSS.script],
    ])('answers 200 for a query of %s', async (_name, q) => {
      const response = await get(
        `/search?q=${encodeURIComponent(q)}&stack=${encodeURIComponent(q)}`,
      )
      expect(response.statusCode).toBe(200)
      expect(response.body).not.toContain('<script>window')
    })
  })

  describe('feeds and crawlers', () => {
    it('feed: Atom of the newest indexable posts', async () => {
      const response = await get('/feed.xml')
      expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8')
      const entries = [...response.body.matchAll(/<entry>[\s\S]*?<id>([^<]+)<\/id>/g)].map(
        (m) => m[1]!,
      )
      expect(entries.length).toBe(50)
      for (const id of entries) {
        const page = await get(id.slice(PUBLIC_URL.length))
        expect(page.headers['x-robots-tag'], id).toBeUndefined()
      }
    })

    it('sitemap: an index of shards of at most the shard size, holding every indexable post', async () => {
      const index = await get('/sitemap.xml')
      expect(index.headers['content-type']).toBe('application/xml; charset=utf-8')
      const shards = [...index.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!)
      expect(shards[0]).toBe(`${PUBLIC_URL}/sitemaps/pages.xml`)
      expect(shards.length).toBe(1 + Math.ceil(site.posts.length / 25))
      for (const shard of shards.slice(1)) {
        const urls = await urlsOf(shard)
        expect(urls.length).toBeLessThanOrEqual(25)
      }
      const pages = await urlsOf(shards[0]!)
      expect(pages).toContain(`${PUBLIC_URL}/stacks`)
      expect(pages.some((url) => url.startsWith(`${PUBLIC_URL}/tools/`))).toBe(true)
      expect((await get(`/sitemaps/posts-${shards.length}.xml`)).statusCode).toBe(404)
      expect((await get('/sitemaps/posts-0.xml')).statusCode).toBe(404)
      const robots = await get('/robots.txt')
      expect(robots.body).toContain(`Sitemap: ${PUBLIC_URL}/sitemap.xml`)
    })

    it('serves the stylesheet under a content hash, cached for a year; HEAD works', async () => {
      const home = (await get('/')).body
      const href = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{12}\.css)">/.exec(
        home,
      )![1]!
      const css = await get(href)
      expect(css.statusCode).toBe(200)
      expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(css.body).toContain('prefers-color-scheme: dark')
      expect((await get('/assets/site.000000000000.css')).statusCode).toBe(404)
      const head = await site.app.inject({ method: 'HEAD', url: '/' })
      expect(head.statusCode).toBe(200)
      expect(head.body).toBe('')
      expect((await site.app.inject({ method: 'POST', url: '/' })).statusCode).toBe(404)
      // Nothing above failed behind the scenes (a late second send shows only as a 5xx here).
      const status = (await get('/status.json')).json()
      expect(status.last5.errors).toBe(0)
      expect(status.last5.requests).toBeGreaterThan(0)
    })
  })

  async function urlsOf(location: string): Promise<string[]> {
    const body = (await get(location.slice(PUBLIC_URL.length))).body
    return [...body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!)
  }

  async function sitemapUrls(): Promise<string[]> {
    const index = (await get('/sitemap.xml')).body
    const shards = [...index.matchAll(/<loc>([^<]+posts-\d+\.xml)<\/loc>/g)].map((m) => m[1]!)
    return (await Promise.all(shards.map(urlsOf))).flat()
  }
})

const archiveCount = (page: string) =>
  Number(/<p>(\d+) articles?, newest first\.<\/p>/.exec(page)![1])
