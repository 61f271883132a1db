import type { BlockContent, Root, RootContent } from 'mdast'
import { toMarkdown } from 'mdast-util-to-markdown'
import type { Block, Post } from '../post.ts'
import { writeFrontMatter } from './front-matter.ts'

/**
 * The Markdown form: YAML front matter holding the meta, then `#` title, the intro, the
 * figure as an image with an emphasized caption, `##` sections, fenced code, `-` lists.
 */
export function writeMarkdown(post: Post): string {
  const children: RootContent[] = [
    { type: 'heading', depth: 1, children: [{ type: 'text', value: post.title }] },
    { type: 'paragraph', children: [{ type: 'text', value: post.intro }] },
  ]
  if (post.figure) {
    const { alt, caption, url } = post.figure
    children.push(
      { type: 'paragraph', children: [{ type: 'image', url: url ?? '', alt }] },
      {
        type: 'paragraph',
        children: [{ type: 'emphasis', children: [{ type: 'text', value: caption }] }],
      },
    )
  }
  for (const section of post.sections) {
    children.push({
      type: 'heading',
      depth: 2,
      children: [{ type: 'text', value: section.heading }],
    })
    for (const block of section.blocks) children.push(blockNode(block))
  }
  const root: Root = { type: 'root', children }
  const body = toMarkdown(root, { bullet: '-', fences: true, emphasis: '*', rule: '-' })
  return `${writeFrontMatter(post.meta)}\n${body}`
}

function blockNode(block: Block): BlockContent {
  if ('code' in block) return { type: 'code', lang: block.language ?? null, value: block.code }
  if ('list' in block) {
    return {
      type: 'list',
      ordered: false,
      spread: false,
      children: block.list.map((item) => ({
        type: 'listItem',
        spread: false,
        children:
          item === '' ? [] : [{ type: 'paragraph', children: [{ type: 'text', value: item }] }],
      })),
    }
  }
  return { type: 'paragraph', children: [{ type: 'text', value: block.paragraph }] }
}
