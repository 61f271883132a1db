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
    const exact = await runCli(['related', 'rebuild', '--exact', '--db', database.url])
    expect(exact.stdout.toString(), exact.stderr).toMatch(/^300 posts, 1,500 suggestions in /)
    const explain = await runCli(['related', 'explain', 'alphanode-000237', '--db', database.url])
    expect(explain.code, explain.stderr).toBe(0)
    expect(explain.stdout.toString()).toMatch(
      /^1\. .+ \(alphanode-\d{6}\) score 0\.\d{3}\n {5,}\d+\.\d\d {2}\w+:/,
    )
    const missing = await runCli(['related', 'explain', 'nope', '--db', database.url])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/no post with source_id "nope"/)
  })

  it('import updates the lists it changes; a big import rebuilds; --no-related leaves them', async () => {
    const database = await databases.create('sqlite')
    const dir = inputDir()
    const first = await runCli([
      'import',
      '--db',
      database.url,
      dir.write('a.ndjson', synthLines(0, 300).join('\n')),
    ])
    expect(first.stdout.toString()).toContain(
      'Similar Posts: none computed yet; run `alphanode related rebuild`',
    )
    await runCli(['related', 'rebuild', '--db', database.url])

    const small = await runCli([
      'import',
      '--db',
      database.url,
      dir.write('b.ndjson', synthLines(300, 2).join('\n')),
    ])
    expect(small.code, small.stderr).toBe(0)
    expect(small.stdout.toString()).toMatch(
      /Similar Posts: \d+ lists updated for 2 changed posts in [\d.]+ s\n$/,
    )
    const explain = await runCli(['related', 'explain', 'alphanode-000300', '--db', database.url])
    expect(explain.stdout.toString()).toMatch(/^1\. /)

    const big = await runCli([
      'import',
      '--db',
      database.url,
      dir.write('c.ndjson', synthLines(302, 20).join('\n')),
    ])
    expect(big.stdout.toString()).toMatch(/Similar Posts: rebuilt for all 322 posts in [\d.]+ s\n$/)

    const skipped = await runCli([
      'import',
      '--no-related',
      '--db',
      database.url,
      dir.write('d.ndjson', synthLines(322, 1).join('\n')),
    ])
    expect(skipped.stdout.toString()).not.toContain('Similar Posts')
  })

  it('takes k, weights and the common-feature share from the configuration', async () => {
    const database = await databases.create('sqlite')
    await runCli([
      'import',
      '--db',
      database.url,
      inputDir().write('posts.ndjson', synthLines(0, 120).join('\n')),
    ])
    const env = { ALPHANODE_RELATED_K: '3', ALPHANODE_RELATED_WEIGHTS: 'problem=0,body=0,title=0' }
    const rebuild = await runCli(['related', 'rebuild', '--db', database.url], { env })
    // At most three each; a few posts share nothing that still weighs with fewer than three.
    const suggestions = Number(
      /^120 posts, ([\d,]+) suggestions in/.exec(rebuild.stdout.toString())![1],
    )
    expect(suggestions).toBeLessThanOrEqual(360)
    expect(suggestions).toBeGreaterThan(240)
    const explain = await runCli(['related', 'explain', 'alphanode-000007', '--db', database.url], {
      env,
    })
    expect(explain.code, explain.stderr).toBe(0)
    expect(explain.stdout.toString()).not.toMatch(/ (problem|body|title):/)
    const bad = await runCli(['related', 'rebuild', '--db', database.url], {
      env: { ALPHANODE_RELATED_WEIGHTS: 'colour=3' },
    })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('ALPHANODE_RELATED_WEIGHTS must be kind=weight pairs')
  })
})
