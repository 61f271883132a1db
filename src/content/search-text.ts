import { isMetaMap, isScalar, type MetaValue, type Post } from './post.ts'

/** A post's text by field, for the full-text index: title weighs most, then headings, body, meta. */
export interface SearchText {
  title: string
  headings: string
  body: string
  meta: string
}

export function searchText(post: Post): SearchText {
  const headings: string[] = []
  const body: string[] = [post.intro]
  if (post.figure) body.push(post.figure.alt)
  for (const section of post.sections) {
    headings.push(section.heading)
    for (const block of section.blocks) {
      if ('paragraph' in block) body.push(block.paragraph)
      else if ('list' in block) body.push(...block.list)
      else body.push(block.code)
    }
  }
  const meta: string[] = []
  collectMeta(post.meta, meta)
  return {
    title: post.title,
    headings: headings.join('\n'),
    body: body.join('\n'),
    meta: meta.join('\n'),
  }
}

// URLs, hashes and numbers only add noise to the index; words from meta are what readers type.
function collectMeta(value: MetaValue, out: string[]): void {
  if (isScalar(value)) {
    if (typeof value === 'string' && !/^(https?:|[0-9a-f]{16,}$|anp-ref-)/.test(value))
      out.push(value)
    return
  }
  if (Array.isArray(value)) for (const item of value) collectMeta(item, out)
  else if (isMetaMap(value))
    for (const [key, item] of Object.entries(value)) if (key !== 'notes') collectMeta(item, out)
}
