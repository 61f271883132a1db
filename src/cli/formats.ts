import {
  decodeText,
  firstDifference,
  type Post,
  type PostFormat,
  readPage,
  writeJson,
  writeNdjsonLine,
  writePage,
} from '../content/index.ts'
import { readMarkdown, writeMarkdown } from '../content/markdown/index.ts'
import { parsePost, readJson, readNdjson } from '../content/validation/index.ts'
import { AppError, placeError } from '../errors.ts'

export type Format = PostFormat

/** A post read from a file, with what the text page listed under Similar Posts. */
export interface ReadPost {
  post: Post
  similar: string[]
}

/** Decodes and parses one input; errors carry the file and line. */
export function parseInput(bytes: Uint8Array, format: Format, file: string): ReadPost[] {
  try {
    const text = decodeText(bytes)
    switch (format) {
      case 'text': {
        const page = readPage(text)
        return [{ post: parsePost(page.post), similar: page.similar }]
      }
      case 'md':
        return [{ post: parsePost(readMarkdown(text)), similar: [] }]
      case 'json':
        return [{ post: readJson(text), similar: [] }]
      case 'ndjson':
        return readNdjson(text).map((post) => ({ post, similar: [] }))
    }
  } catch (error) {
    throw placeError(error, file)
  }
}

export interface RenderOptions {
  /** Allow a text page to drop what it cannot hold instead of failing. */
  lossy: boolean
}

/** Renders posts in one format; single-post formats take exactly one post. */
export function render(posts: ReadPost[], format: Format, options: RenderOptions): string {
  if (format === 'ndjson') return posts.map(({ post }) => `${writeNdjsonLine(post)}\n`).join('')
  if (posts.length !== 1) {
    throw new AppError(
      'USAGE',
      `--to ${format} writes one post, but the input holds ${posts.length}; use --to ndjson`,
    )
  }
  const { post, similar } = posts[0]!
  switch (format) {
    case 'text':
      return writePage(post, { similar, strict: !options.lossy })
    case 'json':
      return writeJson(post)
    case 'md': {
      const markdown = writeMarkdown(post)
      if (!options.lossy) assertMarkdownReadsBack(markdown, post)
      return markdown
    }
  }
}

function assertMarkdownReadsBack(markdown: string, post: Post): void {
  const path = firstDifference(post, readMarkdown(markdown))
  if (path !== undefined) {
    throw new AppError(
      'NOT_REPRESENTABLE',
      `the Markdown form cannot hold ${path} exactly (use json or ndjson, or --lossy)`,
    )
  }
}
