import { describe, expect, it } from 'vitest'
import { metaBox, metaValue } from './meta-box.ts'

const rowsOf = (markup: string) => /<dl>([\s\S]*)<\/dl>/.exec(markup)![1]!

describe('the post meta box', () => {
  it('lays out scalars, lists, maps and lists of maps, every key labelled in order', () => {
    const box = String(
      metaBox({
        reading_time: 6,
        tools: ['git', 'curl'],
        score: { quality: 61, clarity: 79 },
        entities: [{ name: 'nginx', type: 'stack' }],
        source: 'https://example.com/a?b=1',
      }),
    )
    expect(box).toContain('<h2 id="post-meta-heading">alphanode post meta</h2>')
    expect(rowsOf(box)).toBe(
      '<div class="meta-row" data-key="reading_time"><dt>reading time</dt><dd>6</dd></div>' +
        '<div class="meta-row" data-key="tools"><dt>tools</dt><dd><ul><li>git</li><li>curl</li></ul></dd></div>' +
        '<div class="meta-row" data-key="score"><dt>score</dt><dd><ul>' +
        '<li><span class="meta-key">quality:</span> 61</li><li><span class="meta-key">clarity:</span> 79</li></ul></dd></div>' +
        '<div class="meta-row" data-key="entities"><dt>entities</dt><dd><ul><li class="meta-map"><ul>' +
        '<li><span class="meta-key">name:</span> nginx</li><li><span class="meta-key">type:</span> stack</li></ul></li></ul></dd></div>' +
        '<div class="meta-row" data-key="source"><dt>source</dt><dd>' +
        '<a href="https://example.com/a?b=1" rel="nofollow noopener noreferrer">https://example.com/a?b=1</a></dd></div>',
    )
  })

  it('escapes markup in keys and values at every depth, and links only plain web addresses', () => {
    const script = '<script>alert(1)</script>'
    const image = '<img src=x onerror="alert(1)">'
    const box = String(
      metaBox({
        [`k${script}`]: script,
        "quote'key": [image, { [`in"${script}`]: `https://e.com/"><b>` }, ['javascript:alert(1)']],
        nested: { deeper: { deepest: [`a&b ${image}`] } },
      }),
    )
    expect(box).not.toContain('<script')
    expect(box).not.toContain('<img')
    expect(box).not.toContain('<b>')
    expect(box).not.toMatch(/\son\w+="/i)
    expect(box).not.toContain('href="javascript:')
    expect(box).not.toContain('href="https://e.com/"')
    expect(box).toContain('data-key="k&lt;script&gt;alert(1)&lt;/script&gt;"')
    expect(box).toContain('<dt>quote&#39;key</dt>')
    expect(box).toContain(
      '<span class="meta-key">in&quot;&lt;script&gt;alert(1)&lt;/script&gt;:</span>',
    )
    expect(box).toContain('<li>a&amp;b &lt;img src=x onerror=&quot;alert(1)&quot;&gt;</li>')
    expect(String(metaValue(['<x>', 2]))).toBe('<ul><li>&lt;x&gt;</li><li>2</li></ul>')
  })
})
