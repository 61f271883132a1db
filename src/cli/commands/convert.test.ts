import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.ts'

const fixtures = new URL('../../../test/fixtures/pages/', import.meta.url)
const pages = readdirSync(fixtures).filter((name) => name.endsWith('.txt'))
const page = (name: string) => readFileSync(new URL(name, fixtures))
const withoutChrome = (bytes: Buffer) =>
  bytes
    .toString()
    .replace(/\r\n/g, '\n')
    .replace(/^(?:[| ]*\|[| ]*\n)+\n*/, '')

describe('alphanode convert', () => {
  // Similar Posts belong to the site, not to the post model, so json and md do not carry them.
  const withoutSimilar = (text: string) => text.replace(/\n\n(?: {2}• .*\n?)+$/, '')

  it('round-trips every page through json and through md, byte for byte', async () => {
    for (const name of pages) {
      for (const middle of ['json', 'md']) {
        const there = await runCli(['convert', '--from', 'text', '--to', middle], {
          input: page(name),
        })
        expect(there.stderr, `${name} -> ${middle}`).toBe('')
        const back = await runCli(['convert', '--from', middle, '--to', 'text'], {
          input: there.stdout,
        })
        expect(back.code, back.stderr).toBe(0)
        expect(back.stdout.toString(), `${name} via ${middle}`).toBe(
          withoutSimilar(withoutChrome(page(name))),
        )
      }
    }
  })

  it('converts several files to ndjson, telling formats by extension, and writes --out atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alphanode-convert-'))
    const files = pages.slice(0, 3).map((name) => new URL(name, fixtures).pathname)
    const out = join(dir, 'posts.ndjson')
    const result = await runCli(['convert', '--to', 'ndjson', '--out', out, ...files])
    expect(result.code, result.stderr).toBe(0)
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(JSON.parse(lines[0]!).meta.payload.source_id).toBe('alphanode-000237')
  })

  it('exits 1 naming file and line for a malformed page, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alphanode-convert-'))
    const bad = join(dir, 'bad.txt')
    writeFileSync(bad, withoutChrome(page(pages[0]!)).replace('difficulty', 'flavour'))
    const out = join(dir, 'out.ndjson')
    const good = new URL(pages[1]!, fixtures).pathname
    const result = await runCli(['convert', '--to', 'ndjson', '-o', out, good, bad])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      new RegExp(`^alphanode: ${bad}:\\d+: unknown meta label in "flavour`),
    )
    expect(readdirSync(dir)).toEqual(['bad.txt'])
  })

  it('exits 1 for invalid UTF-8 and binary garbage on stdin, with nothing on stdout', async () => {
    for (const input of [
      Buffer.from([0x74, 0x0a, 0xff, 0xfe]),
      Buffer.from([0, 1, 2, 3, 0x89, 0x50]),
    ]) {
      const result = await runCli(['convert', '--from', 'text', '--to', 'json'], { input })
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/^alphanode: <stdin>:\d+: (invalid UTF-8|binary data)/)
      expect(result.stdout.length).toBe(0)
    }
  })

  it('names the line of a bad ndjson record', async () => {
    const good = (
      await runCli(['convert', '--from', 'text', '--to', 'ndjson'], { input: page(pages[0]!) })
    ).stdout.toString()
    const input = `${good}${good.replace('"seed":237', '"seed":"abc"')}{not json\n`
    const result = await runCli(['convert', '--from', 'ndjson', '--to', 'ndjson'], { input })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      'alphanode: <stdin>:2: meta.payload.seed: expected integer, got "abc"\n',
    )
  })

  it('exits 2 for usage errors: unknown format, missing --to, unknown command, many posts to one', async () => {
    expect((await runCli(['convert', '--from', 'xml', '--to', 'json'])).code).toBe(2)
    expect((await runCli(['convert', '--from', 'text'])).code).toBe(2)
    expect((await runCli(['frobnicate'])).code).toBe(2)
    const ndjson = (
      await runCli(['convert', '--from', 'text', '--to', 'ndjson'], { input: page(pages[0]!) })
    ).stdout
    const two = Buffer.concat([ndjson, ndjson])
    const result = await runCli(['convert', '--from', 'ndjson', '--to', 'text'], { input: two })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/writes one post, but the input holds 2; use --to ndjson/)
  })

  it('prints complete help with exit 0', async () => {
    const top = await runCli(['--help'])
    expect(top.code).toBe(0)
    expect(top.stdout.toString()).toMatch(/convert .*convert posts between/)
    const sub = await runCli(['convert', '--help'])
    expect(sub.stdout.toString()).toMatch(/Exit codes: 0 converted, 1 bad data/)
  })
})
