import { describe, expect, it } from 'vitest'
import { testDatabases } from '../../store/testing/test-stores.ts'
import { runCli, serveCli } from '../testing/run-cli.ts'

const databases = testDatabases()

describe('alphanode start', () => {
  it('builds a demo archive with Similar Posts once, and leaves an archive with posts alone', async () => {
    const database = await databases.create('sqlite')
    const first = await runCli(['start', '--no-serve', '--posts', '300', '--db', database.url])
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout.toString()).toMatch(/^Built a demo archive: 300 posts in sqlite:/)
    expect(first.stderr).not.toMatch(/"level":30/)
    const store = await database.open()
    try {
      const related = await store.db
        .selectFrom('related_posts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      expect(Number(related.n)).toBeGreaterThan(1000)
    } finally {
      await store.close()
    }
    const again = await runCli(['start', '--no-serve', '--posts', '300', '--db', database.url])
    expect(again.stdout.toString()).toMatch(/^The archive is ready: 300 posts/)
    expect((await runCli(['start', '--posts', 'many'])).code).toBe(2)
    expect((await runCli(['start', '--port', '70000'])).code).toBe(2)
  })

  it('then serves the site, prints its URL, and stops cleanly on SIGTERM', async () => {
    const database = await databases.create('sqlite')
    const site = await serveCli(['start', '--posts', '60', '--port', '0', '--db', database.url])
    expect(site.stdout).toMatch(/^Built a demo archive: 60 posts/)
    const home = await fetch(`${site.url}/`)
    expect(home.status).toBe(200)
    const page = await home.text()
    const article = /href="(\/posts\/[^"]+)"/.exec(page)![1]!
    const response = await fetch(`${site.url}${article}`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('alphanode post meta')
    expect(page).toContain(`<link rel="canonical" href="${site.url}/">`)
    const stopped = await site.stop()
    expect(stopped.code, stopped.stderr).toBe(0)
    expect(stopped.stderr).not.toMatch(/"level":(50|60)/)
  })
})
