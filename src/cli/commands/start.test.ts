import { describe, expect, it } from 'vitest'
import { testDatabases } from '../../store/testing/test-stores.ts'
import { runCli } from '../testing/run-cli.ts'

const databases = testDatabases()

describe('alphanode start', () => {
  it('builds a demo archive with Similar Posts once, and leaves an archive with posts alone', async () => {
    const database = await databases.create('sqlite')
    const first = await runCli(['start', '--posts', '300', '--db', database.url])
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
    const again = await runCli(['start', '--posts', '300', '--db', database.url])
    expect(again.stdout.toString()).toMatch(/^The archive is ready: 300 posts/)
    expect((await runCli(['start', '--posts', 'many'])).code).toBe(2)
  })
})
