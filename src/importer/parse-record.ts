import { decodeText, type Post, readPage, sourceIdOf } from '../content/index.ts'
import { readMarkdown } from '../content/markdown/index.ts'
import { parsePost } from '../content/validation/index.ts'
import { AppError } from '../errors.ts'
import type { RecordFormat } from './read-records.ts'

export type ParsedRecord =
  | { ok: true; post: Post; sourceId: string }
  | { ok: false; reason: string; line?: number }

/** Bytes to a valid post with an identity, or the reason it is not one (never throws for bad data). */
export function parseRecord(bytes: Buffer, format: RecordFormat): ParsedRecord {
  let post: Post
  try {
    const text = decodeText(bytes)
    if (format === 'ndjson' || format === 'json') {
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch (error) {
        return { ok: false, reason: `malformed JSON: ${(error as Error).message}` }
      }
      post = parsePost(value)
    } else {
      post = parsePost(format === 'md' ? readMarkdown(text) : readPage(text).post)
    }
  } catch (error) {
    if (error instanceof AppError) return { ok: false, reason: error.message, line: error.line }
    throw error
  }
  const sourceId = sourceIdOf(post)
  if (sourceId === undefined) {
    return {
      ok: false,
      reason: 'no meta.payload.source_id: a post needs its identity to be imported',
    }
  }
  return { ok: true, post, sourceId }
}
