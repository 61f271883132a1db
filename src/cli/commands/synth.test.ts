import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writePage } from '../../content/index.ts'
import { synthesizeNdjsonLine, synthesizePost } from '../../synth/index.ts'
import { runCli } from '../testing/run-cli.ts'

describe('alphanode synth', () => {
  it('writes one post as a plain-text page with --seed', async () => {
    const result = await runCli(['synth', '--seed', '237', '--format', 'text'])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout.toString()).toBe(writePage(synthesizePost(237)))
  })

  it('streams a range as NDJSON in seed order, to stdout or atomically to --out', async () => {
    const expected = Array.from(
      { length: 30 },
      (_, i) => `${synthesizeNdjsonLine(500 + i)}\n`,
    ).join('')
    const result = await runCli(['synth', '--start', '500', '--count', '30'])
    expect(result.stdout.toString()).toBe(expected)
    const dir = mkdtempSync(join(tmpdir(), 'alphanode-synth-'))
    const out = join(dir, 'posts.ndjson')
    const pooled = await runCli([
      'synth',
      '--start',
      '500',
      '--count',
      '30',
      '--workers',
      '2',
      '-o',
      out,
    ])
    expect(pooled.code, pooled.stderr).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe(expected)
    expect(readdirSync(dir)).toEqual(['posts.ndjson'])
  })

  it('writes one file per post for --format md with --out DIR', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'alphanode-synth-')), 'pages')
    const result = await runCli([
      'synth',
      '--start',
      '7',
      '--count',
      '3',
      '--format',
      'md',
      '--out',
      dir,
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(readdirSync(dir).sort()).toEqual([
      'alphanode-000007.md',
      'alphanode-000008.md',
      'alphanode-000009.md',
    ])
    expect(readFileSync(join(dir, 'alphanode-000008.md'), 'utf8')).toMatch(/^---\ntopic: /)
  })

  it('exits 2 with a clear message for out-of-range seeds and bad flags', async () => {
    const range = await runCli(['synth', '--start', '999999', '--count', '2'])
    expect(range.code).toBe(2)
    expect(range.stderr).toMatch(/seeds 999999\.\.1000000 go past 999999/)
    const notNumber = await runCli(['synth', '--count', 'many'])
    expect(notNumber.code).toBe(2)
    expect(notNumber.stderr).toMatch(/--count must be a whole number, got "many"/)
    const noDir = await runCli(['synth', '--count', '2', '--format', 'text'])
    expect(noDir.code).toBe(2)
    expect(noDir.stderr).toMatch(/give --out DIR/)
    expect((await runCli(['synth', '--format', 'xml'])).code).toBe(2)
  })
})
