import { describe, expect, it } from 'vitest'
import { readPage } from '../content/index.ts'
import { synthRange } from './synth-range.ts'
import { synthesizeNdjsonLine, synthesizePost } from './synthesize-post.ts'

async function collect(options: Parameters<typeof synthRange>[0]) {
  const chunks: Array<{ start: number; text: string; lengths: number[]; names: string[] }> = []
  const progress: number[] = []
  await synthRange({ ...options, onProgress: (done) => progress.push(done) }, async (chunk) => {
    chunks.push({
      start: chunk.start,
      text: Buffer.from(chunk.bytes).toString(),
      lengths: chunk.lengths,
      names: chunk.names,
    })
  })
  return { chunks, progress }
}

describe('synthRange', () => {
  it('writes seeds in order, the same with worker threads as without', async () => {
    const expected = Array.from(
      { length: 257 },
      (_, i) => `${synthesizeNdjsonLine(40 + i)}\n`,
    ).join('')
    const inline = await collect({
      start: 40,
      count: 257,
      format: 'ndjson',
      workers: 0,
      chunkSize: 16,
    })
    const pooled = await collect({
      start: 40,
      count: 257,
      format: 'ndjson',
      workers: 2,
      chunkSize: 16,
    })
    expect(inline.chunks.map((c) => c.text).join('')).toBe(expected)
    expect(pooled.chunks.map((c) => c.text).join('')).toBe(expected)
    expect(pooled.chunks.map((c) => c.start)).toEqual(inline.chunks.map((c) => c.start))
    expect(pooled.progress.at(-1)).toBe(257)
    expect(pooled.progress).toEqual([...pooled.progress].sort((a, b) => a - b))
  })

  it('gives each text page its byte length and name', async () => {
    const { chunks } = await collect({
      start: 998,
      count: 3,
      format: 'text',
      workers: 2,
      chunkSize: 2,
    })
    const pages: string[] = []
    for (const chunk of chunks) {
      let offset = 0
      const bytes = Buffer.from(chunk.text)
      for (const length of chunk.lengths) {
        pages.push(bytes.subarray(offset, offset + length).toString())
        offset += length
      }
    }
    expect(chunks.flatMap((c) => c.names)).toEqual([
      'alphanode-000998',
      'alphanode-000999',
      'alphanode-001000',
    ])
    expect(pages.map((page) => readPage(page).post)).toEqual([998, 999, 1000].map(synthesizePost))
  })

  it('refuses a range that leaves 0..999999', async () => {
    await expect(collect({ start: 999_990, count: 11, format: 'ndjson' })).rejects.toThrow(
      /outside 0\.\.999999/,
    )
  })
})
