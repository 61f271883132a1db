import { createHash } from 'node:crypto'
import type { Post } from './post.ts'

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/**
 * The post's `meta.hash`: 24 hex digits over what a reader sees (title, intro, figure,
 * sections), so it changes when the article does and not when its meta is edited.
 */
export function contentHash(post: Pick<Post, 'title' | 'intro' | 'figure' | 'sections'>): string {
  return sha256(JSON.stringify([post.title, post.intro, post.figure ?? null, post.sections])).slice(
    0,
    24,
  )
}

/** Fingerprint of the whole post, meta included: an import skips a record whose fingerprint it already has. */
export function postFingerprint(post: Post): string {
  return sha256(JSON.stringify(post)).slice(0, 32)
}
