import { describe, expect, it } from 'vitest'
import { writeJson, writeNdjsonLine } from './json-forms.ts'
import { readMarkdown } from './markdown/read-markdown.ts'
import { writeMarkdown } from './markdown/write-markdown.ts'
import { randomPost } from './testing/random-post.ts'
import { readPage } from './text-page/read-page.ts'
import { writePage } from './text-page/write-page.ts'
import { parsePost } from './validation/post-schema.ts'
import { readJson, readNdjson } from './validation/read-json.ts'

const SEEDS = Array.from({ length: 400 }, (_, i) => i * 7919 + 1)

describe('round trips of varied posts', () => {
  it('every generated post is valid', () => {
    for (const seed of SEEDS) parsePost(randomPost(seed))
  })

  it('plain text: read(write(post)) is the post, and write(read(page)) is the page', () => {
    for (const seed of SEEDS) {
      const post = parsePost(randomPost(seed))
      const page = writePage(post, { similar: ['a similar post'], strict: true })
      const back = readPage(page)
      expect(back.post, `seed ${seed}`).toEqual(post)
      expect(writePage(back.post, { similar: back.similar })).toBe(page)
    }
  })

  it('markdown: read(write(post)) is the post, and the second write is the first, byte for byte', () => {
    for (const seed of SEEDS) {
      const post = parsePost(randomPost(seed))
      const markdown = writeMarkdown(post)
      const back = parsePost(readMarkdown(markdown))
      expect(back, `seed ${seed}:\n${markdown}`).toEqual(post)
      expect(writeMarkdown(back)).toBe(markdown)
    }
  })

  it('json and ndjson keep everything, including shapes a page cannot hold', () => {
    const post = parsePost(randomPost(3))
    post.meta.nested = { deeper: { list: [1, 'two', { three: 3 }] }, float: 1.5 }
    expect(readJson(writeJson(post))).toEqual(post)
    const lines = [writeNdjsonLine(post), '', writeNdjsonLine(parsePost(randomPost(4)))].join('\n')
    expect(readNdjson(lines)).toEqual([post, parsePost(randomPost(4))])
  })
})
