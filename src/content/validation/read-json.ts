import { AppError } from '../../errors.ts'
import type { Post } from '../post.ts'
import { parsePost } from './post-schema.ts'

/** Parses and validates one post from JSON text; errors carry the line of `text` they start on. */
export function readJson(text: string): Post {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const message = (error as Error).message
    const position = /position (\d+)/.exec(message)?.[1]
    const line = position === undefined ? 1 : text.slice(0, Number(position)).split('\n').length
    throw new AppError('PAGE_SYNTAX', `malformed JSON: ${message}`, { line })
  }
  return parsePost(value)
}

/** Reads every post of an NDJSON text; blank lines are skipped, errors name the line. */
export function readNdjson(text: string): Post[] {
  const posts: Post[] = []
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    try {
      posts.push(readJson(line))
    } catch (error) {
      if (error instanceof AppError) error.line = i + 1
      throw error
    }
  })
  return posts
}
