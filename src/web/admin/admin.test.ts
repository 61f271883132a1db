import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveEditor } from '../../store/index.ts'
import { type TestDatabase, testDatabases } from '../../store/testing/test-stores.ts'
import { createSite } from '../server.ts'
import { createSiteFixture, PUBLIC_URL, type SiteFixture } from '../testing/site-fixture.ts'
import { hashPassword, verifyPassword } from './passwords.ts'

const databases = testDatabases()
const EMAIL = 'editor@example.com'
const PASSWORD = 'correct horse battery staple'
const ADMIN_TOKEN = 'a'.repeat(40)

/** Cookies as a browser keeps them: each Set-Cookie replaces or, when cleared, removes one. */
class CookieJar {
  readonly cookies = new Map<string, string>()
  take(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as Array<{ name: string; value: string; expires?: Date }>)
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now()))
        this.cookies.delete(cookie.name)
      else this.cookies.set(cookie.name, cookie.value)
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }
}

const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1]

describe('passwords', () => {
  it('are scrypt hashes with their parameters and salt; only the right password verifies', async () => {
    const hash = await hashPassword(PASSWORD)
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
    expect(await hashPassword(PASSWORD)).not.toBe(hash)
    expect(await verifyPassword(PASSWORD, hash)).toBe(true)
    expect(await verifyPassword(`${PASSWORD}!`, hash)).toBe(false)
    expect(await verifyPassword(PASSWORD, 'md5$abc')).toBe(false)
  })
})

describe('editors: login, review queue, purge', () => {
  let site: SiteFixture
  let database: TestDatabase
  const logLines: string[] = []
  const admin = {
    adminToken: ADMIN_TOKEN,
    sessionSecret: 's'.repeat(40),
    loginAttemptsPerMinute: 8,
  }
  beforeAll(async () => {
    const log = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) })
    database = await databases.create('sqlite')
    site = await createSiteFixture(database, { count: 30, log, admin })
    await saveEditor(site.store, EMAIL, await hashPassword(PASSWORD))
  })
  afterAll(() => site?.close())

  /** Opens the login form, then posts it with this password (and the form's CSRF token). */
  async function login(password = PASSWORD, jar = new CookieJar()) {
    const form = await site.app.inject('/login')
    jar.take(form)
    const response = await site.app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: jar.header() },
      payload: { email: EMAIL, password, _csrf: csrfOf(form.body)! },
    })
    jar.take(response)
    return { jar, response }
  }

  it('logs an editor in with a signed, httpOnly, SameSite=Strict session cookie', async () => {
    const { jar, response } = await login()
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/admin/review')
    const cookie = String(response.headers['set-cookie'])
    expect(cookie).toMatch(/alphanode_session=[^;]+\.[^;]+;/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const queue = await site.app.inject({ url: '/admin/review', headers: { cookie: jar.header() } })
    expect(queue.statusCode).toBe(200)
    expect(queue.body).toContain(`Logged in as <strong>${EMAIL}</strong>`)
    expect(queue.headers['x-cache']).toBe('BYPASS')
    expect(queue.headers['cache-control']).toBe('no-store')
    expect(logLines.join('')).not.toContain(PASSWORD)
  })

  it('refuses a wrong password, a form without its CSRF token, and a forged cookie', async () => {
    const { jar, response: wrong } = await login('not the password')
    expect(wrong.statusCode).toBe(401)
    expect(wrong.body).toContain('Wrong email or password.')
    const noToken = await site.app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: jar.header() },
      payload: { email: EMAIL, password: PASSWORD },
    })
    expect(noToken.statusCode).toBe(403)
    expect(noToken.body).toContain('Form expired')

    const forged = await site.app.inject({
      url: '/admin/review',
      headers: { cookie: 'alphanode_session=made-up-token.bad-signature' },
    })
    expect(forged.statusCode).toBe(303)
    expect(forged.headers.location).toBe('/login?next=%2Fadmin%2Freview')
  })

  it('approves from the queue: the post is indexable at once, even where a page was cached', async () => {
    const { jar } = await login()
    const queue = await site.app.inject({ url: '/admin/review', headers: { cookie: jar.header() } })
    const id = /name="id" value="([^"]+)"/.exec(queue.body)![1]!
    const slug = new RegExp(`href="/posts/([^"]*${id})"`).exec(queue.body)![1]!
    await site.app.inject(`/posts/${slug}`)
    const cached = await site.app.inject(`/posts/${slug}`)
    expect(cached.headers['x-cache']).toBe('HIT')
    expect(cached.headers['x-robots-tag']).toBe('noindex')

    const forgedDecision = await site.app.inject({
      method: 'POST',
      url: '/admin/review/approve',
      headers: { cookie: jar.header() },
      payload: { id, _csrf: 'forged' },
    })
    expect(forgedDecision.statusCode).toBe(403)

    const decided = await site.app.inject({
      method: 'POST',
      url: '/admin/review/approve',
      headers: { cookie: jar.header() },
      payload: { id, _csrf: csrfOf(queue.body)! },
    })
    expect(decided.statusCode).toBe(303)
    const after = await site.app.inject({
      url: decided.headers.location as string,
      headers: { cookie: jar.header() },
    })
    expect(after.body).toContain(`${id} approved: indexable now.`)
    expect(after.body).not.toContain(`value="${id}"`)
    const page = await site.app.inject(`/posts/${slug}`)
    expect(page.headers['x-cache']).toBe('MISS')
    expect(page.headers['x-robots-tag']).toBeUndefined()
  })

  it('logs out: the session ends in the database, not only in the browser', async () => {
    const { jar } = await login()
    const stolen = jar.header()
    const queue = await site.app.inject({ url: '/admin/review', headers: { cookie: stolen } })
    const out = await site.app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie: stolen },
      payload: { _csrf: csrfOf(queue.body)! },
    })
    expect(out.statusCode).toBe(303)
    const replayed = await site.app.inject({ url: '/admin/review', headers: { cookie: stolen } })
    expect(replayed.statusCode).toBe(303)
  })

  it('purges one route by admin token; refuses without it', async () => {
    const slug = /href="\/posts\/([^"]+)"/.exec((await site.app.inject('/')).body)![1]!
    // The earlier tests' logged purges, applied now: the follower's timer would otherwise
    // apply them at any moment, perhaps to the pages cached next.
    await site.app.siteCache.syncPurgeLog()
    await site.app.inject(`/posts/${slug}`)
    await site.app.inject(`/posts/${slug}.md`)
    const refused = await site.app.inject({
      method: 'POST',
      url: '/admin/cache/purge',
      payload: { route: `/posts/${slug}` },
    })
    expect(refused.statusCode).toBe(403)
    const purged = await site.app.inject({
      method: 'POST',
      url: '/admin/cache/purge',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { route: `/posts/${slug}` },
    })
    expect(purged.statusCode).toBe(200)
    expect(purged.json()).toEqual({ route: `/posts/${slug}`, dropped: 2 })
    expect((await site.app.inject(`/posts/${slug}.md`)).headers['x-cache']).toBe('MISS')
  })

  it('shows the effective configuration only to editors and the admin token', async () => {
    expect((await site.app.inject('/admin/config')).statusCode).toBe(401)
    const shown = await site.app.inject({
      url: '/admin/config',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    })
    expect(shown.statusCode).toBe(200)
    expect(shown.json()).toHaveProperty('settings')
  })

  it('rate-limits login attempts per address', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) {
      const response = await site.app.inject({
        method: 'POST',
        url: '/login',
        payload: { email: EMAIL, password: 'guess' },
      })
      statuses.push(response.statusCode)
    }
    expect(statuses).toContain(429)
    const limited = await site.app.inject({ method: 'POST', url: '/login', payload: {} })
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['retry-after']).toBeDefined()
    expect(limited.body).toContain('Too many attempts')
  })

  it("counts an address's login attempts once for every thread and node on the database", async () => {
    // A second site on its own connection, as another site thread or web node has.
    const store = await database.open()
    const other = createSite({
      store,
      log: pino({ level: 'silent' }),
      publicUrl: PUBLIC_URL,
      admin,
    })
    try {
      await other.ready()
      const attempt = (app: FastifyInstance, address: string) =>
        app.inject({
          method: 'POST',
          url: '/login',
          remoteAddress: address,
          payload: { email: EMAIL, password: 'guess' },
        })
      const statuses: number[] = []
      for (let i = 0; i < 8; i++)
        statuses.push((await attempt(i % 2 ? other : site.app, '203.0.113.7')).statusCode)
      expect(statuses).not.toContain(429)
      expect((await attempt(site.app, '203.0.113.7')).statusCode).toBe(429)
      expect((await attempt(other, '203.0.113.7')).statusCode).toBe(429)
      expect((await attempt(other, '203.0.113.8')).statusCode).not.toBe(429)
    } finally {
      await other.close()
      await store.close()
    }
  })
})
