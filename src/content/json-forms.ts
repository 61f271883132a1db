import type { Post } from './post.ts'

/** One post as pretty JSON, ending in a newline. */
export const writeJson = (post: Post): string => `${JSON.stringify(post, null, 2)}\n`

/** One post as one NDJSON line (no newline). */
export const writeNdjsonLine = (post: Post): string => JSON.stringify(post)
