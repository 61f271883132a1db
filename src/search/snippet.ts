import type { Post } from '../content/index.ts'

/** A piece of snippet text, marked when it matched the query. */
export interface SnippetPart {
  text: string
  match: boolean
}

const WINDOW_WORDS = 28

/**
 * A short passage of the post around the first place a query term occurs (as a word or the
 * start of one, so "cach" and "caching" find "cache"/"caching" as the stemmer would), with
 * those words marked. The same for both databases; the web layer escapes and renders it.
 */
export function makeSnippet(post: Post, terms: readonly string[]): SnippetPart[] {
  const passages = [
    post.intro,
    ...post.sections.flatMap((section) =>
      section.blocks.flatMap((block) =>
        'paragraph' in block ? [block.paragraph] : 'list' in block ? block.list : [],
      ),
    ),
  ]
  const stems = terms.map((term) =>
    term.length > 4 ? term.slice(0, Math.max(4, term.length - 3)) : term,
  )
  const matches = (word: string) => {
    const lower = word.toLowerCase()
    return stems.some((stem) => lower.startsWith(stem))
  }
  const passage =
    passages.find((text) => text.split(/\s+/).some((word) => matches(stripped(word)))) ?? post.intro
  const words = passage.split(/\s+/).filter(Boolean)
  const first = Math.max(
    0,
    words.findIndex((word) => matches(stripped(word))),
  )
  const start = Math.max(0, Math.min(first - 6, words.length - WINDOW_WORDS))
  const window = words.slice(start, start + WINDOW_WORDS)
  const parts: SnippetPart[] = []
  if (start > 0) parts.push({ text: '… ', match: false })
  window.forEach((word, i) => {
    const isMatch = terms.length > 0 && matches(stripped(word))
    const text = i < window.length - 1 ? `${word} ` : word
    const last = parts.at(-1)
    if (last && last.match === isMatch && !isMatch) last.text += text
    else parts.push({ text, match: isMatch })
  })
  if (start + WINDOW_WORDS < words.length) parts.push({ text: ' …', match: false })
  return parts
}

const stripped = (word: string): string => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
