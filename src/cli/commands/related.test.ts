import { describe, expect, it } from 'vitest'
import { inputDir, synthLines } from '../../importer/testing/input-files.ts'
import { testDatabases } from '../../store/testing/test-stores.ts'
import { runCli } from '../testing/run-cli.ts'

const databases = testDatabases()

describe('alphanode related', () => {
  it('rebuilds the stored lists and explains one with shared features and weights', async () => {
    const database = await databases.create('sqlite')
    await runCli([
      'import',
      '--db',
      database.url,
      inputDir().write('posts.ndjson', synthLines(0, 300).join('\n')),
    ])
    const rebuild = await runCli(['related', 'rebuild', '--db', database.url])
    expect(rebuild.code, rebuild.stderr).toBe(0)
    expect(rebuild.stdout.toString()).toMatch(/^300 posts, 1,500 suggestions in [\d.]+ s\n$/)
    const explain = await runCli(['related', 'explain', 'alphanode-000237', '--db', database.url])
    expect(explain.code, explain.stderr).toBe(0)
    expect(explain.stdout.toString()).toMatch(
      /^1\. .+ \(alphanode-\d{6}\) score 0\.\d{3}\n {5,}\d+\.\d\d {2}\w+:/,
    )
    const missing = await runCli(['related', 'explain', 'nope', '--db', database.url])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/no post with source_id "nope"/)
  })
})
