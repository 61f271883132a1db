import type { Nodes, RootContent } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { toString as textOf } from 'mdast-util-to-string'
import { AppError } from '../../errors.ts'
import { normalizeLineEnds } from '../decode-text.ts'
import type { Block, Figure, MetaMap, Post, Section } from '../post.ts'
import { splitFrontMatter, toMeta } from './front-matter.ts'

/**
 * Reads the Markdown form, and Markdown written by other tools: when the body has no `#`
 * title or no intro paragraph, the front matter's `title` and `description` (Hugo, Jekyll,
 * Astro) stand in for them; `date`, `tags` and other keys become meta.
 */
export function readMarkdown(input: string): Post {
  const { data, body, bodyLine } = splitFrontMatter(normalizeLineEnds(input))
  const meta = toMeta(data)
  const nodes = fromMarkdown(body).children.filter(
    (node) => node.type !== 'html' || node.value.trim() !== '',
  )
  let i = 0
  let title: string | undefined
  if (nodes[0]?.type === 'heading' && nodes[0].depth === 1) title = flat(nodes[i++]!)
  title ??= takeText(meta, 'title')
  if (title === undefined) {
    throw new AppError(
      'PAGE_SYNTAX',
      'expected a "# title" heading or a `title` in the front matter',
      {
        line: bodyLine,
      },
    )
  }
  let intro: string | undefined
  if (nodes[i]?.type === 'paragraph' && !isImageOnly(nodes[i]!)) intro = flat(nodes[i++]!)
  intro ??= takeText(meta, 'description') ?? takeText(meta, 'summary_text')
  if (intro === undefined) {
    throw new AppError(
      'PAGE_SYNTAX',
      'expected an intro paragraph after the title, or a `description` in the front matter',
      {
        line: bodyLine + (nodes[i]?.position?.start.line ?? 1) - 1,
      },
    )
  }
  const post: Post = { title, intro } as Post
  const figure = readFigure(nodes, i)
  if (figure) {
    post.figure = figure.figure
    i = figure.next
  }
  post.sections = readSections(nodes.slice(i))
  post.meta = meta
  return post
}

function takeText(meta: MetaMap, key: string): string | undefined {
  const value = meta[key]
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  delete meta[key]
  return (
    String(value)
      .replace(/\s*\n\s*/g, ' ')
      .trim() || undefined
  )
}

const isImageOnly = (node: RootContent): boolean =>
  node.type === 'paragraph' && node.children.length === 1 && node.children[0]!.type === 'image'

function readFigure(nodes: RootContent[], i: number): { figure: Figure; next: number } | undefined {
  const node = nodes[i]
  if (node?.type !== 'paragraph' || !isImageOnly(node)) return undefined
  const image = node.children[0] as { url: string; alt?: string | null }
  const figure: Figure = { alt: image.alt ?? '', caption: '' }
  if (image.url) figure.url = image.url
  const after = nodes[i + 1]
  if (
    after?.type === 'paragraph' &&
    after.children.length === 1 &&
    after.children[0]!.type === 'emphasis'
  ) {
    figure.caption = flat(after)
    return { figure, next: i + 2 }
  }
  return { figure, next: i + 1 }
}

function readSections(nodes: RootContent[]): Section[] {
  const sections: Section[] = []
  for (const node of nodes) {
    if (node.type === 'heading') {
      sections.push({ heading: flat(node), blocks: [] })
      continue
    }
    const block = blockOf(node)
    if (!block) continue
    // Content before the first heading (Markdown from other tools) gets a section of its own.
    if (sections.length === 0) sections.push({ heading: 'overview', blocks: [] })
    sections.at(-1)!.blocks.push(block)
  }
  return sections
}

function blockOf(node: RootContent): Block | undefined {
  switch (node.type) {
    case 'code':
      return node.lang ? { code: node.value, language: node.lang } : { code: node.value }
    case 'list':
      return { list: node.children.map((item) => flat(item)) }
    case 'thematicBreak':
    case 'definition':
    case 'yaml':
      return undefined
    case 'html': {
      const text = node.value.replace(/<[^>]*>/g, ' ')
      return text.trim() ? { paragraph: oneLine(text) } : undefined
    }
    default: {
      const text = flat(node)
      return text ? { paragraph: text } : undefined
    }
  }
}

// Paragraphs are one line in the model; soft line breaks from other tools become spaces.
const flat = (node: Nodes): string => oneLine(textOf(node, { includeImageAlt: true }))
const oneLine = (text: string): string => text.replace(/[ \t]*\n[ \t]*/g, ' ')
