/** The forms a post is read and written in: plain-text page, Markdown, one JSON post, NDJSON. */
export const POST_FORMATS = ['text', 'md', 'json', 'ndjson'] as const
export type PostFormat = (typeof POST_FORMATS)[number]

const EXTENSIONS: Record<string, PostFormat> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'md',
  '.markdown': 'md',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
}

/** The format a file name's extension says, or undefined when it says none. */
export function formatOfPath(path: string): PostFormat | undefined {
  const dot = path.lastIndexOf('.')
  return dot === -1 ? undefined : EXTENSIONS[path.slice(dot).toLowerCase()]
}
