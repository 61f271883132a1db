import { hash } from 'node:crypto'
import type { Post } from './post.ts'

type Content = Pick<Post, 'title' | 'intro' | 'figure' | 'sections'>

const sha256 = (text: string): string => hash('sha256', text, 'hex')

/**
 * What a reader sees (title, intro, figure, sections) as the JSON of those fields, in model
 * order: the input of contentHash, and the first part of the post's own JSON, so a writer
 * that has it need not serialize the content twice.
 */
export const contentText = ({ title, intro, figure, sections }: Content): string =>
  JSON.stringify({ title, intro, figure, sections })

/** `meta.hash` from contentText: 24 hex digits, changing when the article does, not its meta. */
export const hashContentText = (text: string): string => sha256(text).slice(0, 24)

/** The post's `meta.hash`: 24 hex digits over its content (not its meta). */
export const contentHash = (post: Content): string => hashContentText(contentText(post))

/**
 * Fingerprint of the whole post, meta included: an import skips a record whose fingerprint it
 * already has. Pass the post's JSON when you have it, to serialize it once.
 */
export function postFingerprint(post: Post, json = JSON.stringify(post)): string {
  return sha256(json).slice(0, 32)
}
