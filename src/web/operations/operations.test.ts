import { Writable } from 'node:stream'
import pino from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { testDatabases, testDialects } from '../../store/testing/test-stores.ts'
import { createSiteFixture, type SiteFixture } from '../testing/site-fixture.ts'

const databases = testDatabases()
const fixtures: SiteFixture[] = []
afterAll(async () => {
  for (const fixture of fixtures) await fixture.close()
})

async function site(
  dialect: 'sqlite' | 'postgres',
  options: Parameters<typeof createSiteFixture>[1] = {},
) {
  const fixture = await createSiteFixture(await databases.create(dialect), {
    count: 30,
    ...options,
  })
  fixtures.push(fixture)
  return fixture
}

describe.each(await testDialects())('health on %s', (dialect) => {
  it('/health says what runs; /health/ready says 503 until the schema is current', async () => {
    const { app, store } = await site(dialect)
    const health = await app.inject('/health')
    expect(health.statusCode).toBe(200)
    expect(health.json()).toMatchObject({ status: 'ok', version: '9.9.9', commit: 'abc1234' })
    expect(health.json().uptimeSeconds).toBeGreaterThanOrEqual(0)
    expect(health.headers['cache-control']).toBe('no-store')
    const ready = await app.inject('/health/ready')
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } })

    await store.db
      .deleteFrom('kysely_migration' as never)
      .where('name' as never, '=', '0005-count-term-posts' as never)
      .execute()
    const behind = await app.inject('/health/ready')
    expect(behind.statusCode).toBe(503)
    expect(behind.json().checks.migrations).toBe('pending migrations')
  })
})

describe('operations', () => {
  it('/health/ready answers 503 when the database is gone', async () => {
    const fixture = await createSiteFixture(await databases.create('sqlite'), { count: 5 })
    await fixture.store.close()
    const response = await fixture.app.inject('/health/ready')
    expect(response.statusCode).toBe(503)
    expect(response.json().checks.database).toBe('unreachable')
    await fixture.app.close()
  })

  it('logs one line per request with its id, route, status and time; never queries or cookies', async () => {
    const lines: Array<Record<string, unknown>> = []
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of chunk.toString().trim().split('\n')) lines.push(JSON.parse(line))
        done()
      },
    })
    const { app, posts } = await site('sqlite', { log: pino({ level: 'info' }, sink) })
    expect(posts.length).toBeGreaterThan(0)
    const response = await app.inject({
      url: '/search?q=my+secret+words',
      headers: {
        'x-request-id': 'trace-42',
        cookie: 'session=hunter2',
        authorization: 'Bearer t0k3n',
      },
    })
    expect(response.headers['x-request-id']).toBe('trace-42')
    const line = lines.find((entry) => entry.reqId === 'trace-42')!
    expect(line).toMatchObject({
      msg: 'request',
      method: 'GET',
      path: '/search',
      route: '/search',
      status: 200,
    })
    expect(typeof line.ms).toBe('number')
    const all = JSON.stringify(lines)
    for (const secret of ['secret words', 'hunter2', 't0k3n']) expect(all).not.toContain(secret)

    const fresh = await app.inject({ url: '/nope', headers: { 'x-request-id': 'x'.repeat(500) } })
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(lines.find((entry) => entry.reqId === fresh.headers['x-request-id'])).toMatchObject({
      route: 'not found',
      status: 404,
    })
  })

  it('sends security headers on every response, HSTS only behind https', async () => {
    const secure = await site('sqlite')
    for (const url of ['/', '/feed.xml', '/nope', '/health']) {
      const response = await secure.app.inject(url)
      expect(response.headers['content-security-policy'], url).toContain("script-src 'none'")
      expect(response.headers['content-security-policy'], url).toContain("frame-ancestors 'none'")
      expect(response.headers['x-content-type-options'], url).toBe('nosniff')
      expect(response.headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin')
      expect(response.headers['strict-transport-security'], url).toBe(
        'max-age=31536000; includeSubDomains',
      )
    }
    const plain = await site('sqlite', { publicUrl: 'http://127.0.0.1:3000' })
    expect((await plain.app.inject('/')).headers['strict-transport-security']).toBeUndefined()
  })

  it('exposes Prometheus metrics: requests by route and status, reads, import runs by outcome', async () => {
    const { app, store, posts } = await site('sqlite')
    await app.inject('/')
    await app.inject('/nope')
    await app.inject('/stacks')
    await store.db
      .insertInto('import_runs')
      .values({
        source: '["a.ndjson"]',
        source_key: 'k',
        status: 'failed',
        started_at: new Date().toISOString(),
        host: 'h',
        pid: 1,
        error: 'disk full',
      })
      .execute()
    expect(posts.length).toBeGreaterThan(0)
    const metrics = await app.inject('/metrics')
    expect(metrics.statusCode).toBe(200)
    expect(metrics.headers['content-type']).toContain('text/plain')
    const text = metrics.body
    expect(text).toMatch(
      /alphanode_http_request_duration_seconds_count\{route="\/",method="GET",status="200"\} 1/,
    )
    expect(text).toMatch(
      /alphanode_http_request_duration_seconds_count\{route="not found",method="GET",status="404"\} 1/,
    )
    expect(text).toMatch(/alphanode_db_read_seconds_count\{read="newest"\} 1/)
    expect(text).toMatch(/alphanode_db_read_seconds_count\{read="terms"\} 1/)
    expect(text).toMatch(/alphanode_import_runs\{status="failed"\} 1/)
    expect(text).toContain('process_resident_memory_bytes')
  })
})
