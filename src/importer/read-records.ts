import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { formatOfPath, type PostFormat } from '../content/index.ts'

export type RecordFormat = PostFormat

/** One record as read: its bytes, where it is, and where the next one starts. */
export interface RawRecord {
  file: string
  /** 1-based line of the record's start. */
  line: number
  /** Byte offset just past the record (and its line end): a checkpoint resumes here. */
  end: number
  /** The record's bytes, or undefined when it is over the size limit (not kept). */
  bytes: Buffer | undefined
  size: number
  format: RecordFormat
}

/** By extension, else by the first bytes: `{` NDJSON, `---` Markdown, anything else a page. */
export async function detectFormat(file: string, head?: Buffer): Promise<RecordFormat> {
  const byExtension = formatOfPath(file)
  if (byExtension) return byExtension
  let first = head
  if (!first) {
    const handle = await open(file)
    try {
      const buffer = Buffer.alloc(512)
      const { bytesRead } = await handle.read(buffer, 0, 512, 0)
      first = buffer.subarray(0, bytesRead)
    } finally {
      await handle.close()
    }
  }
  const text = first
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
  if (text.startsWith('{')) return 'ndjson'
  if (text.startsWith('---')) return 'md'
  return 'text'
}

export interface ReadOptions {
  format: RecordFormat
  /** Records over this many bytes are reported with `bytes: undefined`. */
  maxBytes: number
  /** Resume: start at this byte offset, counting lines from `startLine`. */
  startOffset?: number
  startLine?: number
  input?: Readable
}

/**
 * Streams the records of one input. NDJSON: one per non-blank line, never holding more than
 * one record (and one read buffer) in memory, however large the file. Other formats: the
 * whole file is one record.
 */
export async function* readRecords(file: string, options: ReadOptions): AsyncGenerator<RawRecord> {
  const start = options.startOffset ?? 0
  const stream = options.input ?? createReadStream(file, { start, highWaterMark: 1 << 20 })
  if (options.format !== 'ndjson') {
    yield await readWhole(file, stream, options)
    return
  }
  let line = options.startLine ?? 0
  let offset = start
  let pending: Buffer[] = []
  let pendingSize = 0
  let tooLarge = false
  const emit = (rest: Buffer | undefined, consumed: number): RawRecord | undefined => {
    line++
    const size = pendingSize + (rest?.length ?? 0)
    offset += consumed
    let bytes: Buffer | undefined
    if (!tooLarge) {
      bytes = pending.length === 0 ? rest : Buffer.concat(rest ? [...pending, rest] : pending)
      if (bytes && bytes.at(-1) === 0x0d) bytes = bytes.subarray(0, -1)
    }
    pending = []
    pendingSize = 0
    const large = tooLarge || size > options.maxBytes
    tooLarge = false
    if (!large && (!bytes || isBlank(bytes))) return undefined
    return { file, line, end: offset, bytes: large ? undefined : bytes, size, format: 'ndjson' }
  }
  let consumedInPending = 0
  for await (const data of stream as AsyncIterable<Buffer | string>) {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data
    let from = 0
    for (
      let newline = chunk.indexOf(0x0a, from);
      newline !== -1;
      newline = chunk.indexOf(0x0a, from)
    ) {
      const piece = chunk.subarray(from, newline)
      const record = emit(piece, consumedInPending + piece.length + 1)
      consumedInPending = 0
      if (record) yield record
      from = newline + 1
    }
    if (from < chunk.length) {
      const rest = chunk.subarray(from)
      consumedInPending += rest.length
      pendingSize += rest.length
      // Past the limit, stop keeping bytes: the record is reported by size, not held in memory.
      if (pendingSize > options.maxBytes) {
        tooLarge = true
        pending = []
      } else {
        pending.push(Buffer.from(rest))
      }
    }
  }
  if (consumedInPending > 0) {
    const record = emit(undefined, consumedInPending)
    if (record) yield record
  }
}

const isBlank = (bytes: Buffer): boolean => {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false
  return true
}

async function readWhole(file: string, stream: Readable, options: ReadOptions): Promise<RawRecord> {
  const parts: Buffer[] = []
  let size = 0
  for await (const data of stream as AsyncIterable<Buffer | string>) {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data
    size += chunk.length
    if (size <= options.maxBytes) parts.push(chunk)
  }
  const tooLarge = size > options.maxBytes
  return {
    file,
    line: 1,
    end: size,
    bytes: tooLarge ? undefined : Buffer.concat(parts),
    size,
    format: options.format,
  }
}
