import { describe, expect, it } from 'vitest'
import { buildPost } from '../testing/build-post.ts'
import { readMarkdown } from './read-markdown.ts'
import { writeMarkdown } from './write-markdown.ts'

describe('the Markdown form', () => {
  it('writes front matter, # title, figure with caption, ## sections, fenced code and - lists', () => {
    const post = buildPost()
    post.figure!.url = 'https://images.example/a.png'
    post.sections[0]!.blocks.push({ code: 'const a = 1\n\nconst b = 2', language: 'ts' })
    expect(writeMarkdown(post)).toBe(`---
topic: caching pages / static sites
reading_time: 3
payload:
  source_id: alphanode-000001
  seed: 1
---

# production checklist for caching pages in static sites

a short intro that ends with a period.

![caching pages visual reference 1](https://images.example/a.png)

*caching pages visual reference 1. image source: unsplash*

## production checks

check the cache headers before anything else.

\`\`\`ts
const a = 1

const b = 2
\`\`\`

## implementation checklist

- inspect cache headers
- purge only the affected route
`)
  })

  it('reads Hugo, Jekyll and Astro front matter: title, description, date, tags', () => {
    const post = readMarkdown(`---
title: "Tuning Postgres"
description: A short description
 that wraps.
date: 2024-03-01
draft: false
tags: [postgres, performance]
heroImage: /img/a.png
---
Some text before any heading.

## Indexes

Use **EXPLAIN** first.
Then measure.

1. one
2. two
`)
    expect(post.title).toBe('Tuning Postgres')
    expect(post.intro).toBe('Some text before any heading.')
    expect(post.meta).toEqual({
      description: 'A short description that wraps.',
      date: '2024-03-01',
      draft: 0,
      tags: ['postgres', 'performance'],
      hero_image: '/img/a.png',
    })
    expect(post.sections).toEqual([
      {
        heading: 'Indexes',
        blocks: [{ paragraph: 'Use EXPLAIN first. Then measure.' }, { list: ['one', 'two'] }],
      },
    ])
  })

  it('uses the description as the intro when the body has none', () => {
    const post = readMarkdown('---\ntitle: T\ndescription: D.\n---\n\n## Part\n\nText.\n')
    expect([post.title, post.intro, post.meta]).toEqual(['T', 'D.', {}])
  })

  it('names the line of invalid front matter and of a missing title', () => {
    expect(() => readMarkdown('---\ntitle: [unclosed\n---\n')).toThrow(
      /front matter is not valid YAML/,
    )
    expect(() => readMarkdown('---\ntitle: x\n')).toThrow(/never closed/)
    expect(() => readMarkdown('just a paragraph\n')).toThrow(/expected a "# title" heading/)
  })
})
