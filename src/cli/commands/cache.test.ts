import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { testDatabases } from '../../store/testing/test-stores.ts'
import { redisAvailable, testRedisUrl } from '../../web/testing/test-redis.ts'
import { runCli, serveCli } from '../testing/run-cli.ts'

const databases = testDatabases()
const withRedis = await redisAvailable()

async function articlePaths(url: string): Promise<string[]> {
  const home = await (await fetch(`${url}/`)).text()
  return [...new Set([...home.matchAll(/href="(\/posts\/[^"]+)"/g)].map((m) => m[1]!))]
}

const xCache = async (url: string) => (await fetch(url)).headers.get('x-cache')

async function purgeOneRoute(env: NodeJS.ProcessEnv, immediate: boolean) {
  const database = await databases.create('sqlite')
  const built = await runCli(['start', '--no-serve', '--posts', '30', '--db', database.url])
  expect(built.code, built.stderr).toBe(0)
  // One site thread: every request meets the one memory cache, so HIT and MISS tell what the
  // purge did (serve.test.ts purges a site of several threads).
  const site = await serveCli(['serve', '--port', '0', '--threads', '1', '--db', database.url], {
    env,
  })
  try {
    const [one, other] = await articlePaths(site.url)
    const pages = [one!, `${one}.json`, `${one}.txt`, other!, '/']
    for (const page of pages) await fetch(site.url + page)
    for (const page of pages) expect(await xCache(site.url + page), page).toBe('HIT')
    if (immediate) {
      // The site writes a page to Redis after answering with it: wait until all five are there.
      const redis = new Redis(testRedisUrl())
      try {
        await expect
          .poll(async () => (await redis.keys(`${env.ALPHANODE_REDIS_PREFIX}p:*`)).length, {
            timeout: 5000,
            interval: 50,
          })
          .toBe(pages.length)
      } finally {
        redis.disconnect()
      }
    }

    const purged = await runCli(['cache', 'purge', one!, '--db', database.url], { env })
    expect(purged.code, purged.stderr).toBe(0)
    expect(purged.stdout.toString()).toMatch(/^purge logged \(#\d+\)/)
    if (immediate) {
      expect(purged.stdout.toString()).toMatch(/redis: 3 pages dropped; every node told/)
      // Pub/sub has reached the site's memory by the time the command returns, or nearly.
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(await xCache(site.url + one)).toBe('MISS')
    }
    await expect
      .poll(() => xCache(`${site.url}${one}.json`), { timeout: 3000, interval: 100 })
      .toBe('MISS')
    expect(await xCache(`${site.url}${one}.txt`)).toBe('MISS')
    expect(await xCache(site.url + other)).toBe('HIT')
    expect(await xCache(`${site.url}/`)).toBe('HIT')

    const unknown = await runCli(['cache', 'purge', '--rule', 'nope', '--db', database.url], {
      env,
    })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('no cache rule is named "nope"; there are article, lists')
  } finally {
    const stopped = await site.stop()
    expect(stopped.code, stopped.stderr).toBe(0)
  }
}

describe('alphanode cache', () => {
  it('purge drops one route and its forms from a running site, and nothing else', async () => {
    await purgeOneRoute({}, false)
  })

  it.runIf(withRedis)(
    'purge with Redis drops the shared pages at once and tells every node',
    async () => {
      // A prefix of its own: no other run's pages in the counts.
      await purgeOneRoute(
        {
          ALPHANODE_REDIS: testRedisUrl(),
          ALPHANODE_REDIS_PREFIX: `alphanode-test:${randomUUID()}:`,
        },
        true,
      )
    },
  )

  it('rules prints every rule with its routes, lifetime and examples', async () => {
    const printed = await runCli(['cache', 'rules'])
    expect(printed.code, printed.stderr).toBe(0)
    const text = printed.stdout.toString()
    expect(text).toContain('bypass everywhere: cookies alphanode_session; headers authorization')
    expect(text).toMatch(/article: .*\n {2}routes {9}\/posts\/:file\n {2}kept {11}300 s/)
    expect(text).toContain('Cache-Control  public, max-age=60, s-maxage=300')
  })
})
