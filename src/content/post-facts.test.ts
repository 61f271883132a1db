import { describe, expect, it } from 'vitest'
import { distinctSlug, postSlug } from './post-facts.ts'

// The article route's pattern: lowercase words of letters and digits joined by single dashes.
const ROUTABLE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

describe('post slugs', () => {
  it('are the title words, then the identity', () => {
    expect(postSlug('Caching article pages: a how-to', 'alphanode-000007')).toBe(
      'caching-article-pages-a-how-to-alphanode-000007',
    )
    expect(postSlug('Café Ünïcode', 'Post_42')).toBe('cafe-unicode-post-42')
  })

  it('stay routable whatever the title and identity hold', () => {
    const titles = [
      'Ordinary title',
      '日本語のタイトル',
      '---',
      '',
      `${'long words '.repeat(20)}end`,
    ]
    const ids = ['alphanode-1', 'ID-UPPER', '日本', '__', ' spaced id ', 'ü']
    for (const title of titles)
      for (const id of ids) {
        const slug = postSlug(title, id)
        expect(slug, `${title} / ${id}`).toMatch(ROUTABLE)
        expect(distinctSlug(slug, id)).toMatch(ROUTABLE)
      }
    expect(postSlug('日本語', '日本')).not.toBe(postSlug('日本語', '中国'))
  })

  it('keep the title part to 80 characters, cut at a word', () => {
    const slug = postSlug(`${'word '.repeat(30)}`, 'id-1')
    expect(slug.length).toBeLessThanOrEqual(80 + '-id-1'.length)
    expect(slug).toMatch(/^(word-)+id-1$/)
  })
})
