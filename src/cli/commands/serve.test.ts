import { describe, expect, it } from 'vitest'
import packageJson from '../../../package.json' with { type: 'json' }
import { testDatabases } from '../../store/testing/test-stores.ts'
import { runCli, serveCli } from '../testing/run-cli.ts'

const databases = testDatabases()

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
})
