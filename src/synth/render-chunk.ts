import { writePage } from '../content/index.ts'
import { synthesizeNdjsonLine, synthesizePost } from './synthesize-post.ts'

export type SynthFormat = 'ndjson' | 'text' | 'md'

/** Seeds `start..start+count-1` rendered and encoded; per-file formats give each post's byte length and name. */
export interface RenderedChunk {
  start: number
  bytes: Uint8Array
  lengths: number[]
  names: string[]
}

const encoder = new TextEncoder()

export type ChunkRenderer = (start: number, count: number) => RenderedChunk

/** Markdown's parser and YAML load only when asked for: each worker thread pays for what it renders. */
export async function createChunkRenderer(format: SynthFormat): Promise<ChunkRenderer> {
  let render: (seed: number) => string
  if (format === 'ndjson') render = (seed) => `${synthesizeNdjsonLine(seed)}\n`
  else if (format === 'text') render = (seed) => writePage(synthesizePost(seed))
  else {
    const { writeMarkdown } = await import('../content/markdown/index.ts')
    render = (seed) => writeMarkdown(synthesizePost(seed))
  }
  return (start, count) => {
    const texts: string[] = []
    for (let seed = start; seed < start + count; seed++) texts.push(render(seed))
    // One encode of the joined text, then byte lengths per post, is cheaper than a buffer each.
    // TextEncoder (not Buffer.from) gives the chunk its own ArrayBuffer, never a slice of
    // Node's shared pool, so it can be transferred between threads and freed when written.
    const bytes = encoder.encode(texts.join(''))
    if (format === 'ndjson') return { start, bytes, lengths: [], names: [] }
    const names = texts.map((_, i) => `alphanode-${String(start + i).padStart(6, '0')}`)
    return { start, bytes, lengths: texts.map((text) => Buffer.byteLength(text)), names }
  }
}
