import { AppError } from '../../errors.ts'
import { normalizeLineEnds } from '../decode-text.ts'
import {
  CODE_LANGUAGE,
  type Figure,
  isMetaMap,
  type MetaMap,
  type Post,
  type Section,
} from '../post.ts'
import { LIST_ITEM, lineGroups } from './line-groups.ts'
import { type MetaBoxOptions, readMetaBox } from './meta-box.ts'
import { readFigure, readSections } from './read-body.ts'

export const META_HEADING = 'alphanode post meta'
export const SIMILAR_HEADING = 'Similar Posts'

/** A page is a post plus the titles listed under Similar Posts, which the site computes. */
export interface Page {
  post: Post
  similar: string[]
}

export type ReadPageOptions = MetaBoxOptions

/** Reads a plain-text page (see ../shared/spec/FORMAT.md); errors name the page line. */
export function readPage(input: string, options: ReadPageOptions = {}): Page {
  const lines = normalizeLineEnds(input).replace(/\n+$/, '').split('\n')
  let i = skipChrome(lines)
  const title = expectText(lines, i, 'the title')
  expectBlank(lines, i + 1, 'after the title')
  const intro = expectText(lines, i + 2, 'the intro paragraph')
  expectBlank(lines, i + 3, 'after the intro')
  i += 4

  const { heading, boxStart, boxEnd, similar } = locateTail(lines, i)
  const meta = readMetaBox(lines.slice(boxStart, boxEnd), boxStart + 1, options)
  const { figure, rest } = readFigure(lineGroups(lines, i, heading - 1))
  const post: Post = { title, intro } as Post
  if (figure) post.figure = withRecoveredUrl(figure, meta)
  post.sections = withCodeLanguage(readSections(rest), meta)
  post.meta = meta
  return { post, similar }
}

// Page chrome is lines of `|` and spaces above the title, then blank lines.
function skipChrome(lines: string[]): number {
  let i = 0
  while (i < lines.length && /^[| ]*\|[| ]*$/.test(lines[i]!)) i++
  if (i > 0) while (i < lines.length && lines[i] === '') i++
  return i
}

function expectText(lines: string[], i: number, what: string): string {
  const text = lines[i]
  if (text === undefined)
    throw new AppError('PAGE_SYNTAX', `expected ${what}, but the page ends (truncated?)`, {
      line: i + 1,
    })
  if (text.trim() === '')
    throw new AppError('PAGE_SYNTAX', `expected ${what}, got a blank line`, { line: i + 1 })
  return text
}

function expectBlank(lines: string[], i: number, where: string): void {
  const text = lines[i]
  if (text === undefined)
    throw new AppError(
      'PAGE_SYNTAX',
      `expected a blank line ${where}, but the page ends (truncated?)`,
      { line: i + 1 },
    )
  if (text !== '')
    throw new AppError(
      'PAGE_SYNTAX',
      `expected a blank line ${where}, got ${JSON.stringify(text)}`,
      { line: i + 1 },
    )
}

/** Finds, from the end, the Similar Posts list, the meta box and the meta heading. */
function locateTail(lines: string[], bodyStart: number) {
  let j = lines.length - 1
  const similar: string[] = []
  while (j >= bodyStart && lines[j]!.startsWith(LIST_ITEM))
    similar.unshift(lines[j--]!.slice(LIST_ITEM.length))
  if (similar.length > 0 && lines[j] === '') j--
  if (
    lines[j] !== SIMILAR_HEADING ||
    j < bodyStart ||
    (similar.length > 0 && lines[j + 1] !== '')
  ) {
    throw new AppError(
      'PAGE_SYNTAX',
      `expected the page to end with the ${JSON.stringify(SIMILAR_HEADING)} heading (and its list), got ${JSON.stringify(lines.at(-1))}: is the page truncated?`,
      { line: lines.length },
    )
  }
  expectBlank(lines, j - 1, `above ${JSON.stringify(SIMILAR_HEADING)}`)
  const boxEnd = j - 1
  if (lines[boxEnd - 1] === META_HEADING && lines[boxEnd - 2] === '') {
    return { heading: boxEnd - 1, boxStart: boxEnd, boxEnd, similar }
  }
  let boxStart = boxEnd
  while (boxStart > bodyStart && lines[boxStart - 1] !== '') boxStart--
  if (lines[boxStart - 2] !== META_HEADING || boxStart - 2 < bodyStart) {
    throw new AppError(
      'PAGE_SYNTAX',
      `expected the ${JSON.stringify(META_HEADING)} heading and a blank line above the meta lines`,
      {
        line: boxStart,
      },
    )
  }
  expectBlank(lines, boxStart - 3, `above ${JSON.stringify(META_HEADING)}`)
  return { heading: boxStart - 2, boxStart, boxEnd, similar }
}

// The page shows no code language; the meta's `code_language` names it.
function withCodeLanguage(sections: Section[], meta: MetaMap): Section[] {
  const language = meta.code_language
  if (typeof language !== 'string' || !CODE_LANGUAGE.test(language)) return sections
  for (const section of sections) {
    section.blocks = section.blocks.map((block) =>
      'code' in block ? { code: block.code, language } : block,
    )
  }
  return sections
}

// The page shows no image URL; the meta's image sources hold it, keyed by the caption.
function withRecoveredUrl(figure: Figure, meta: MetaMap): Figure {
  const sources = meta.image_sources
  if (!Array.isArray(sources)) return figure
  for (const source of sources) {
    if (isMetaMap(source) && source.caption === figure.alt && typeof source.url === 'string') {
      return { ...figure, url: source.url }
    }
  }
  return figure
}
