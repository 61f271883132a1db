import { AppError } from '../../errors.ts'
import { firstDifference, valueAt } from '../compare.ts'
import { type Block, canonicalPost, type Post } from '../post.ts'
import { LIST_ITEM } from './line-groups.ts'
import { writeMetaBox } from './meta-box.ts'
import { META_HEADING, readPage, SIMILAR_HEADING } from './read-page.ts'

export interface WritePageOptions {
  /** Titles listed under Similar Posts. */
  similar?: readonly string[]
  /**
   * Throw NOT_REPRESENTABLE unless the page reads back as exactly this post. Off for
   * serving (a page must always render); on wherever data would otherwise be lost.
   */
  strict?: boolean
}

/** Writes the plain-text page of FORMAT.md: `\n` line ends, no newline after the last line. */
export function writePage(post: Post, options: WritePageOptions = {}): string {
  const similar = options.similar ?? []
  const lines: string[] = [post.title, '', post.intro, '']
  if (post.figure) lines.push(post.figure.alt, post.figure.caption, '')
  for (const section of post.sections) {
    lines.push(section.heading, '')
    for (const block of section.blocks) lines.push(...blockLines(block), '')
  }
  lines.push(META_HEADING, '')
  const box = writeMetaBox(post.meta)
  if (box.length > 0) lines.push(...box, '')
  lines.push(SIMILAR_HEADING)
  if (similar.length > 0) lines.push('', ...similar.map((title) => `${LIST_ITEM}${title}`))
  const page = lines.join('\n')
  if (options.strict) assertReadsBack(page, post, similar)
  return page
}

function blockLines(block: Block): string[] {
  if ('code' in block) return block.code.split('\n')
  if ('list' in block) return block.list.map((item) => `${LIST_ITEM}${item}`)
  return [block.paragraph]
}

function assertReadsBack(page: string, post: Post, similar: readonly string[]): void {
  let back: ReturnType<typeof readPage>
  try {
    back = readPage(page)
  } catch (error) {
    const reason = error instanceof AppError ? error.message : String(error)
    throw new AppError(
      'NOT_REPRESENTABLE',
      `the plain-text page of this post does not read back (${reason})`,
    )
  }
  const expected = { post: canonicalPost(post), similar: [...similar] }
  const path = firstDifference(expected, back)
  if (path === undefined) return
  const wrote = JSON.stringify(valueAt(expected, path))
  const read = JSON.stringify(valueAt(back, path))
  throw new AppError(
    'NOT_REPRESENTABLE',
    `a plain-text page cannot hold ${path.replace(/^post\./, '')} exactly: ${wrote ?? 'nothing'} would read back as ${read ?? 'nothing'} (use json, ndjson or md, or allow the loss)`,
  )
}
