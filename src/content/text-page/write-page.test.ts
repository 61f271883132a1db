import { describe, expect, it } from 'vitest'
import type { Post } from '../post.ts'
import { buildPost } from '../testing/build-post.ts'
import { parsePost } from '../validation/post-schema.ts'
import { writePage } from './write-page.ts'

describe('writePage', () => {
  it('writes the FORMAT.md layout with no newline after the last line', () => {
    const page = writePage(buildPost(), { similar: ['next post'] })
    expect(page).toBe(
      [
        'production checklist for caching pages in static sites',
        '',
        'a short intro that ends with a period.',
        '',
        'caching pages visual reference 1',
        'caching pages visual reference 1. image source: unsplash',
        '',
        'production checks',
        '',
        'check the cache headers before anything else.',
        '',
        'implementation checklist',
        '',
        '  • inspect cache headers',
        '  • purge only the affected route',
        '',
        'alphanode post meta',
        '',
        'topiccaching pages / static sites',
        'reading time3',
        'payload',
        '  • source id: alphanode-000001',
        '  • seed: 1',
        '',
        'Similar Posts',
        '',
        '  • next post',
      ].join('\n'),
    )
  })

  it('refuses, when strict, what would not read back, naming the path', () => {
    type Change = (post: Post) => void
    const cases: Array<[string, Change, RegExp]> = [
      [
        'a numeric-looking string',
        (p) => {
          p.meta.reference = '42'
        },
        /meta\.reference exactly: "42" would read back as 42/,
      ],
      [
        'a float',
        (p) => {
          p.meta.ratios = [2.5]
        },
        /meta\.ratios\[0\] exactly: 2\.5 would read back as "2\.5"/,
      ],
      [
        'an unknown scalar label',
        (p) => {
          p.meta.ratio = 3
        },
        /does not read back \(unknown meta label in "ratio3"/,
      ],
      [
        'a figure url not in the image sources',
        (p) => {
          p.figure!.url = 'https://x.test/a.png'
        },
        /figure\.url/,
      ],
      [
        'deep nesting',
        (p) => {
          p.meta.payload = { a: { b: 1 } }
        },
        /meta\.payload\.a/,
      ],
      [
        'a section with no block',
        (p) => {
          p.sections[1]!.blocks = []
        },
        /cannot hold sections\[0\]\.blocks\[1\]/,
      ],
      [
        'two code blocks in a row',
        (p) => {
          p.sections[0]!.blocks = [{ code: 'a;' }, { code: 'b;' }]
        },
        /sections\[0\]\.blocks/,
      ],
    ]
    for (const [what, change, message] of cases) {
      const post = buildPost()
      change(post)
      expect(() => writePage(parsePost(post), { strict: true }), what).toThrow(message)
      expect(() => writePage(parsePost(post)), `${what}, lossy`).not.toThrow()
    }
  })
})
