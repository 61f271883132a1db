import { afterAll, describe, expect, it } from 'vitest'
import { recordDeploy, saveRequestMinutes } from '../../store/index.ts'
import { testDatabases, testDialects } from '../../store/testing/test-stores.ts'
import { createSiteFixture, type SiteFixture } from '../testing/site-fixture.ts'
import { BUCKET_BOUNDS_MS, figuresOf } from './request-stats.ts'

const databases = testDatabases()
const fixtures: SiteFixture[] = []
afterAll(async () => {
  for (const fixture of fixtures) await fixture.close()
})

/** A minute's bucket counts: `n` requests at about `ms` milliseconds each. */
function buckets(n: number, ms: number): number[] {
  const counts = new Array(BUCKET_BOUNDS_MS.length + 1).fill(0)
  const index = BUCKET_BOUNDS_MS.findIndex((bound) => ms <= bound)
  counts[index === -1 ? BUCKET_BOUNDS_MS.length : index] = n
  return counts
}

const minuteAgo = (minutes: number) => {
  const t = Date.now() - minutes * 60_000
  return new Date(t - (t % 60_000)).toISOString()
}

describe('request figures', () => {
  it('take percentiles from bucket counts, across minutes and nodes', () => {
    const figures = figuresOf([
      { requests: 90, errors: 0, buckets: buckets(90, 4) },
      { requests: 10, errors: 5, buckets: buckets(10, 400) },
    ])
    expect(figures).toEqual({ requests: 100, errors: 5, errorRate: 0.05, p50: 5, p95: 500 })
    expect(figuresOf([]).p50).toBeUndefined()
  })
})

describe.each(await testDialects())('status on %s', (dialect) => {
  it('answers is it up, is it slow, are jobs failing, did the last deploy change anything', async () => {
    const site = await createSiteFixture(await databases.create(dialect), { count: 20 })
    fixtures.push(site)
    const { app, store } = site
    // Another node's history: fast and clean before a deploy 20 minutes ago, slow and failing after.
    const history = []
    for (let m = 50; m > 20; m--)
      history.push({
        minute: minuteAgo(m),
        node: 'web-2:1',
        requests: 100,
        errors: 0,
        buckets: buckets(100, 8),
      })
    for (let m = 19; m >= 1; m--)
      history.push({
        minute: minuteAgo(m),
        node: 'web-2:1',
        requests: 100,
        errors: 10,
        buckets: buckets(100, 280),
      })
    await saveRequestMinutes(store, history)
    await recordDeploy(store, {
      version: '1.2.3',
      commit: 'feedfacecafe0123',
      node: 'web-2:1',
      startedAt: new Date(Date.parse(minuteAgo(20)) + 30_000).toISOString(),
    })
    await store.db
      .insertInto('import_runs')
      .values({
        source: '["bad.jsonl"]',
        source_key: 'k',
        status: 'failed',
        started_at: new Date().toISOString(),
        error: 'bad.jsonl: cannot read <script>',
        host: 'h',
        pid: 1,
      })
      .execute()
    for (let i = 0; i < 12; i++) await app.inject('/')

    const json = await app.inject('/status.json')
    expect(json.statusCode).toBe(200)
    const report = json.json()
    expect(report.verdict.level).toBe('warning')
    expect(report.verdict.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/of requests failed in the last 5 minutes/),
        '1 import run did not succeed in the last day',
        // The live requests above (all fine) count in "after" too.
        expect.stringMatching(/^the error rate rose after the last deploy \(0\.0% → 9\.\d%\)$/),
      ]),
    )
    expect(report.last60.requests).toBeGreaterThanOrEqual(4_900 + 12)
    expect(report.deploy).toMatchObject({
      version: '1.2.3',
      before: { errorRate: 0, p95: 10 },
      after: { p95: 300 },
    })
    expect(report.deploy.after.errorRate).toBeCloseTo(0.1, 2)
    expect(report.series).toHaveLength(60)
    expect(report.series.at(-1).requests).toBeGreaterThanOrEqual(12)

    const page = await app.inject('/status')
    expect(page.statusCode).toBe(200)
    expect(page.headers['x-cache']).toBe('BYPASS')
    expect(page.body).toContain('Up, with problems')
    expect(page.body).toMatch(/<svg viewBox="[^"]+" role="img"/)
    expect(page.body).toContain('<line class="deploy"')
    expect(page.body).toContain('commit <code>feedfacecafe</code>')
    expect(page.body).toContain('cannot read &lt;script&gt;')
    expect(page.body).not.toMatch(/(src|href)="https?:/)
    expect(page.body).toContain('<meta http-equiv="refresh" content="30">')
  })
})

describe('status when the database is gone', () => {
  it('says down, with 503, so a monitor can watch the page', async () => {
    const site = await createSiteFixture(await databases.create('sqlite'), { count: 5 })
    await site.store.close()
    try {
      const page = await site.app.inject('/status')
      expect(page.statusCode).toBe(503)
      expect(page.body).toContain('Down: the site cannot serve pages')
    } finally {
      await site.app.close()
    }
  })
})
