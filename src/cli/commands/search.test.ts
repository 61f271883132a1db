import { describe, expect, it } from 'vitest'
import { inputDir, synthLines } from '../../importer/testing/input-files.ts'
import { testDatabases } from '../../store/testing/test-stores.ts'
import { runCli } from '../testing/run-cli.ts'

const databases = testDatabases()

describe('alphanode search', () => {
  it('prints ranked hits with snippets, or JSON, for any text', async () => {
    const database = await databases.create('sqlite')
    const lines = synthLines(0, 60)
    await runCli([
      'import',
      '--db',
      database.url,
      inputDir().write('posts.ndjson', lines.join('\n')),
    ])
    const expected = lines.filter((line) => /idempotent/.test(line)).length
    const text = await runCli(['search', '--db', database.url, 'idempotent'])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout.toString()).toMatch(
      new RegExp(`^${expected} posts match "idempotent" \\(page 1\\)\\n\\n1\\. `),
    )
    expect(text.stdout.toString()).toMatch(/\[idempotent,?\]/)
    const json = await runCli(['search', '--db', database.url, '--json', '"((idempotent'])
    const result = JSON.parse(json.stdout.toString())
    expect(result).toMatchObject({ terms: ['idempotent'], total: expected, page: 1 })
    expect((await runCli(['search', '--db', database.url, '--page', '0', 'x'])).code).toBe(2)
  })
})
