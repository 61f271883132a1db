import { describe, expect, it } from 'vitest'
import { inputDir, synthLines } from '../../importer/testing/input-files.ts'
import { testDatabases } from '../../store/testing/test-stores.ts'
import { runCli } from '../testing/run-cli.ts'

const databases = testDatabases()

describe('alphanode db', () => {
  it('migrates, reports status, checks plans, lists runs and quarantine, and backs up and restores', async () => {
    const database = await databases.create('sqlite')
    const db = ['--db', database.url]
    const text = async (args: string[], code = 0) => {
      const result = await runCli(args)
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(code)
      return result.stdout.toString()
    }
    expect(await text(['db', 'status', ...db], 1)).toMatch(/pending +0001-create-posts/)
    expect(await text(['db', 'migrate', ...db])).toMatch(
      /applied 0001-create-posts, 0002-create-full-text, 0003-create-import-log/,
    )
    expect(await text(['db', 'migrate', ...db])).toMatch(/up to date/)
    expect(await text(['db', 'status', ...db])).toMatch(/applied \S+ +0003-create-import-log/)

    const input = inputDir()
    const lines = synthLines(0, 40)
    lines.splice(3, 0, '{"broken"')
    await runCli(['import', ...db, input.write('posts.ndjson', lines.join('\n'))])
    expect(await text(['db', 'check', ...db])).toMatch(/all 28 hot queries use an index/)
    expect(await text(['db', 'runs', ...db])).toMatch(
      /^#1 partial +\S+ +41 records: 40 inserted, 0 updated, 0 unchanged, 1 quarantined/,
    )
    expect(await text(['db', 'quarantine', '1', ...db])).toMatch(/posts\.ndjson:4: malformed JSON/)

    const fingerprint = await text(['db', 'fingerprint', ...db])
    expect(fingerprint).toMatch(/^[0-9a-f]{64}\n$/)
    const backup = input.path('backup.db')
    expect(await text(['db', 'backup', backup, ...db])).toMatch(/backed up/)
    await runCli(['import', ...db, input.write('more.ndjson', synthLines(100, 5).join('\n'))])
    expect(await text(['db', 'fingerprint', ...db])).not.toBe(fingerprint)
    expect(await text(['db', 'restore', backup, ...db])).toMatch(/restored/)
    expect(await text(['db', 'fingerprint', ...db])).toBe(fingerprint)

    expect((await runCli(['db', 'runs', '--limit', 'lots', ...db])).code).toBe(2)
    expect((await runCli(['db', 'quarantine', 'first', ...db])).code).toBe(2)
  })
})
