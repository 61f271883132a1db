import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import packageJson from '../../../package.json' with { type: 'json' }
import { testDatabases } from '../../store/testing/test-stores.ts'
import { CRASH_MESSAGE } from '../testing/crashing-route.ts'
import { runCli, serveCli } from '../testing/run-cli.ts'
import { rulesWithTestRoute } from '../testing/test-route-rules.ts'

const databases = testDatabases()

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * A request on a connection of its own: the kernel hands each new connection to one of the
 * site's threads, so a series of these reaches them all.
 */
function onNewConnection(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        )
      },
    )
    sent.on('error', reject)
    sent.end(options.body)
  })
}

async function cacheResults(url: string, times: number): Promise<string[]> {
  const results: string[] = []
  for (let i = 0; i < times; i++)
    results.push(String((await onNewConnection(url)).headers['x-cache']))
  return results
}

const cookiesOf = (answer: Answer) =>
  ((answer.headers['set-cookie'] as string[] | undefined) ?? []).map(
    (cookie) => cookie.split(';')[0]!,
  )

describe('alphanode serve and review', () => {
  it('serves an imported archive; review decisions reach the running site within a second', async () => {
    const database = await databases.create('sqlite')
    const built = await runCli(['start', '--no-serve', '--posts', '80', '--db', database.url])
    expect(built.code, built.stderr).toBe(0)
    const site = await serveCli(['serve', '--port', '0', '--db', database.url], {
      env: { ALPHANODE_PUBLIC_URL: 'https://articles.example.com' },
    })
    try {
      const status = (await (await fetch(`${site.url}/status.json`)).json()) as { deploy: unknown }
      expect(status.deploy, 'serve records a deploy at start').toMatchObject({
        version: packageJson.version,
        commit: expect.stringMatching(/^([0-9a-f]{40}|unknown)$/),
      })
      const listed = await runCli(['review', 'list', '--limit', '3', '--db', database.url])
      expect(listed.code, listed.stderr).toBe(0)
      const lines = listed.stdout.toString().trim().split('\n')
      expect(lines).toHaveLength(4)
      const pending = Number(/^(\d+) posts await review \(3 listed\)$/.exec(lines[3]!)![1])
      expect(pending).toBeGreaterThan(3)
      const sourceId = lines[0]!.split(/\s+/)[0]!
      const approved = await runCli(['review', 'approve', sourceId, '--db', database.url])
      expect(approved.stdout.toString()).toBe(
        `${sourceId}: approved: indexable now (was pending)\n`,
      )
      const sitemap = await (await fetch(`${site.url}/sitemaps/posts-1.xml`)).text()
      const url = new RegExp(
        `<loc>(https://articles\\.example\\.com/posts/[^<]*${sourceId})</loc>`,
      ).exec(sitemap)
      expect(url, 'the approved post is in the sitemap').not.toBeNull()
      const path = url![1]!.slice('https://articles.example.com'.length)
      expect((await fetch(`${site.url}${path}`)).headers.get('x-robots-tag')).toBeNull()

      const rejected = await runCli(['review', 'reject', sourceId, '--db', database.url])
      expect(rejected.code).toBe(0)
      // The page was cached by the fetch above; the site drops it when it reads the purge log.
      await expect
        .poll(async () => (await fetch(`${site.url}${path}`)).status, {
          timeout: 3000,
          interval: 100,
        })
        .toBe(410)

      const unknown = await runCli([
        'review',
        'approve',
        lines[1]!.split(/\s+/)[0]!,
        'nope',
        '--db',
        database.url,
      ])
      expect(unknown.code).toBe(1)
      expect(unknown.stderr).toContain('no post has the source id or slug "nope"')
      const still = await runCli(['review', 'list', '--limit', '1', '--db', database.url])
      expect(still.stdout.toString()).toContain(`${pending - 1} posts await review`)
    } finally {
      const stopped = await site.stop()
      expect(stopped.code, stopped.stderr).toBe(0)
    }
  })

  it('holds every synthesized post for review on a running site, and releases them again', async () => {
    const database = await databases.create('sqlite')
    const built = await runCli(['start', '--no-serve', '--posts', '40', '--db', database.url])
    expect(built.code, built.stderr).toBe(0)
    const site = await serveCli(['serve', '--port', '0', '--db', database.url])
    const pendingCount = async () => {
      const listed = await runCli(['review', 'list', '--limit', '1', '--db', database.url])
      return Number(/^(\d+) posts? awaits? review/m.exec(listed.stdout.toString())![1])
    }
    const sitemapPaths = async () =>
      [
        ...(await (await fetch(`${site.url}/sitemaps/posts-1.xml`)).text()).matchAll(
          /<loc>https?:\/\/[^/]+(\/posts\/[^<]+)<\/loc>/g,
        ),
      ].map((match) => match[1]!)
    const robots = async (path: string) =>
      (await fetch(`${site.url}${path}`)).headers.get('x-robots-tag')
    try {
      const pending = await pendingCount()
      const indexable = await sitemapPaths()
      expect(indexable).toHaveLength(40 - pending)
      // Cached now: the change below must reach it through the purge log.
      expect(await robots(indexable[0]!)).toBeNull()

      const held = await runCli(['review', 'hold-generated', '--db', database.url])
      expect(held.code, held.stderr).toBe(0)
      expect(held.stdout.toString()).toBe(
        `${40 - pending} synthesized posts now await review (noindex)\n`,
      )
      expect(await pendingCount()).toBe(40)
      await expect
        .poll(() => robots(indexable[0]!), { timeout: 3000, interval: 100 })
        .toBe('noindex')
      // Each thread follows the purge log on its own, so a request may reach one still behind.
      await expect.poll(sitemapPaths, { timeout: 3000, interval: 100 }).toEqual([])
      await expect
        .poll(async () => (await fetch(`${site.url}/feed.xml`)).text(), {
          timeout: 3000,
          interval: 100,
        })
        .not.toContain('<entry>')

      const released = await runCli(['review', 'release-generated', '--db', database.url])
      expect(released.stdout.toString()).toBe(
        `${40 - pending} synthesized posts released: indexable now\n`,
      )
      expect(await pendingCount(), 'posts that ask for review stay held').toBe(pending)
      await expect.poll(() => robots(indexable[0]!), { timeout: 3000, interval: 100 }).toBeNull()
      await expect
        .poll(async () => (await sitemapPaths()).sort(), { timeout: 3000, interval: 100 })
        .toEqual([...indexable].sort())
    } finally {
      const stopped = await site.stop()
      expect(stopped.code, stopped.stderr).toBe(0)
    }
  })

  it('serves on several threads as one site: one login, one purge, one metrics scrape', async () => {
    const database = await databases.create('sqlite')
    const built = await runCli(['start', '--no-serve', '--posts', '30', '--db', database.url])
    expect(built.code, built.stderr).toBe(0)
    const password = 'correct horse battery staple'
    const added = await runCli(['user', 'add', 'editor@example.com', '--db', database.url], {
      input: `${password}\n`,
    })
    expect(added.code, added.stderr).toBe(0)
    const token = 't'.repeat(40)
    // No session secret: the threads must still share one key.
    const site = await serveCli(['serve', '--port', '0', '--threads', '2', '--db', database.url], {
      env: { ALPHANODE_ADMIN_TOKEN: token, ALPHANODE_SESSION_SECRET: '' },
    })
    try {
      expect(site.stdout).toContain(' on 2 threads at ')
      const home = await onNewConnection(`${site.url}/`)
      const page = /href="(\/posts\/[^"]+)"/.exec(home.body)![1]!

      // Each thread keeps its own pages: one miss each, then hits.
      const first = await cacheResults(site.url + page, 16)
      expect(
        first.filter((result) => result === 'MISS'),
        first.join(' '),
      ).toHaveLength(2)

      const purged = await onNewConnection(`${site.url}/admin/cache/purge`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ route: page }),
      })
      expect(purged.status, purged.body).toBe(200)
      expect(JSON.parse(purged.body)).toEqual({ route: page, dropped: 1 })
      // The thread that took the purge tells the other at once, not at its next look at the log.
      await new Promise((resolve) => setTimeout(resolve, 300))
      const again = await cacheResults(site.url + page, 16)
      expect(
        again.filter((result) => result === 'MISS'),
        again.join(' '),
      ).toHaveLength(2)

      const form = await onNewConnection(`${site.url}/login`)
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!
      const loggedIn = await onNewConnection(`${site.url}/login`, {
        method: 'POST',
        headers: {
          cookie: cookiesOf(form).join('; '),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          email: 'editor@example.com',
          password,
          _csrf: csrf,
        }).toString(),
      })
      expect(loggedIn.status, loggedIn.body).toBe(303)
      const session = cookiesOf(loggedIn).find((cookie) => cookie.startsWith('alphanode_session='))
      expect(session).toBeDefined()
      for (let i = 0; i < 8; i++) {
        const queue = await onNewConnection(`${site.url}/admin/review`, {
          headers: { cookie: session! },
        })
        expect(queue.status, 'a session signed by one thread holds on the other').toBe(200)
      }

      // 32 article requests so far, spread over both threads: any scrape counts them all.
      for (let i = 0; i < 4; i++) {
        const metrics = (await onNewConnection(`${site.url}/metrics`)).body
        const articles = [
          ...metrics.matchAll(
            /^alphanode_http_request_duration_seconds_count\{route="\/posts\/:file",method="GET",status="200"\} (\d+)$/gm,
          ),
        ]
        expect(articles.map((match) => Number(match[1]))).toEqual([32])
        expect(metrics).toMatch(/^nodejs_heap_size_total_bytes\{thread="0"\} \d+$/m)
        expect(metrics).toMatch(/^nodejs_heap_size_total_bytes\{thread="1"\} \d+$/m)
        expect(metrics).toMatch(/^alphanode_import_runs\{status="succeeded"\} 1$/m)
      }
    } finally {
      const stopped = await site.stop()
      expect(stopped.code, stopped.stderr).toBe(0)
    }
  })

  it('says so when the port is taken, and exits 2', async () => {
    const database = await databases.create('sqlite')
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen({ host: '127.0.0.1', port: 0 }, resolve))
    const { port } = taken.address() as { port: number }
    try {
      const served = await runCli(['serve', '--port', String(port), '--db', database.url])
      expect(served.code).toBe(2)
      expect(served.stderr).toContain(
        `alphanode: port ${port} on 127.0.0.1 is taken by another program: stop it, or choose another port with --port or ALPHANODE_PORT`,
      )
    } finally {
      taken.close()
    }
  })
  it('stops the whole process, saying why, when the site on the main thread fails', async () => {
    const database = await databases.create('sqlite')
    const dir = mkdtempSync(join(tmpdir(), 'alphanode-crash-'))
    const rules = rulesWithTestRoute(dir, '/test/crash')
    try {
      // One thread: the main thread's own site is the one that serves, and fails.
      const site = await serveCli(
        [
          database.url,
          fileURLToPath(new URL('../testing/crashing-route.ts', import.meta.url)),
          '1',
        ],
        {
          script: fileURLToPath(new URL('../testing/serve-with-routes.ts', import.meta.url)),
          env: { ALPHANODE_CACHE_RULES: rules, ALPHANODE_LOG_LEVEL: 'info' },
        },
      )
      expect((await onNewConnection(`${site.url}/test/crash`)).body).toBe('crashing')
      const ended = await site.ended
      expect(ended.code).toBe(1)
      const failure = ended.stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map(
          (line) => JSON.parse(line) as { level: number; msg: string; err?: { message: string } },
        )
        .find((entry) => entry.msg === 'a site thread failed: stopping the others')
      expect(failure?.err?.message).toBe(CRASH_MESSAGE)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
