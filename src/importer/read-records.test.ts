import { describe, expect, it } from 'vitest'
import { detectFormat, type RawRecord, readRecords } from './read-records.ts'
import { inputDir } from './testing/input-files.ts'

async function all(
  file: string,
  options: Partial<Parameters<typeof readRecords>[1]> = {},
): Promise<RawRecord[]> {
  const records: RawRecord[] = []
  for await (const record of readRecords(file, { format: 'ndjson', maxBytes: 1 << 20, ...options }))
    records.push(record)
  return records
}

describe('readRecords', () => {
  it('gives each non-blank line with its line number and the offset after it; CRLF and a missing last newline are fine', async () => {
    const file = inputDir().write('a.ndjson', '{"a":1}\r\n\n   \n{"b":2}\n{"c":3}')
    const records = await all(file)
    expect(records.map((r) => [r.line, r.bytes?.toString(), r.end])).toEqual([
      [1, '{"a":1}', 9],
      [4, '{"b":2}', 22],
      [5, '{"c":3}', 29],
    ])
  })

  it('resumes from a byte offset and line, reading exactly the rest', async () => {
    const file = inputDir().write('b.ndjson', '{"a":1}\n{"b":2}\n{"c":3}\n')
    const first = await all(file)
    const rest = await all(file, { startOffset: first[0]!.end, startLine: first[0]!.line })
    expect(rest.map((r) => [r.line, r.bytes?.toString()])).toEqual([
      [2, '{"b":2}'],
      [3, '{"c":3}'],
    ])
  })

  it('reports a record over the limit by size without keeping its bytes, and reads on', async () => {
    const big = 'x'.repeat(3 * 65536 + 17)
    const file = inputDir().write('c.ndjson', `{"a":1}\n${big}\n{"b":2}\n`)
    const records = await all(file, { maxBytes: 65536 })
    expect(records.map((r) => [r.line, r.size, r.bytes?.toString()])).toEqual([
      [1, 7, '{"a":1}'],
      [2, big.length, undefined],
      [3, 7, '{"b":2}'],
    ])
  })

  it('reads a page or Markdown file as one record', async () => {
    const file = inputDir().write('p.txt', 'title\n\nintro.')
    const records = await all(file, { format: 'text' })
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ line: 1, size: 13, format: 'text' })
  })

  it('tells formats by extension, else by the first bytes', async () => {
    const dir = inputDir()
    expect(await detectFormat(dir.write('x.jsonl', ''))).toBe('ndjson')
    expect(await detectFormat(dir.write('x.markdown', ''))).toBe('md')
    expect(await detectFormat(dir.write('noext1', '\uFEFF  {"title":1}'))).toBe('ndjson')
    expect(await detectFormat(dir.write('noext2', '---\ntitle: x\n---\n'))).toBe('md')
    expect(await detectFormat(dir.write('noext3', 'a title\n\nan intro.'))).toBe('text')
  })
})
