import { hash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { escapeHtml, html, raw } from './html.ts'

describe('html', () => {
  it('escapes interpolated text, in content and in attributes', () => {
    const title = `<script>alert("x")</script> & 'y'`
    expect(html`<a title="${title}">${title}</a>`.value).toBe(
      '<a title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</a>',
    )
  })

  it('nests safe fragments without escaping them twice', () => {
    const item = (text: string) => html`<li>${text}</li>`
    expect(html`<ul>${['a<b', 'c&d'].map(item)}</ul>`.value).toBe(
      '<ul><li>a&lt;b</li><li>c&amp;d</li></ul>',
    )
  })

  it('nests fragments and arrays at any depth, and a fragment used twice renders the same in both places', () => {
    const badge = html`<span class="badge">${'a&b'}</span>`
    const item = (text: string) => html`<li>${text}${badge}</li>`
    const list = html`<ul>${[item('<x>'), [item('y'), [item('"z"')]]]}</ul>`
    const page = html`<main>${list}<aside>${badge}</aside></main>`
    const expected =
      '<main><ul><li>&lt;x&gt;<span class="badge">a&amp;b</span></li>' +
      '<li>y<span class="badge">a&amp;b</span></li>' +
      '<li>&quot;z&quot;<span class="badge">a&amp;b</span></li></ul>' +
      '<aside><span class="badge">a&amp;b</span></aside></main>'
    expect(page.value).toBe(expected)
    expect(page.value).toBe(expected)
    expect(String(list)).toBe(expected.slice('<main>'.length, expected.indexOf('<aside>')))
    expect(html`${page}`.value).toBe(expected)
  })

  it('builds a page of many thousands of fragments that hashes and encodes whole', () => {
    // A page is a chain of joined strings until it is first read whole: a long one must
    // flatten without running out of stack.
    const items = Array.from({ length: 200_000 }, (_, i) => html`<li>${`item ${i} <`}</li>`)
    const page = html`<ul>${items}</ul>`.value
    expect(page.length).toBe(
      '<ul></ul>'.length + items.reduce((sum, item) => sum + item.value.length, 0),
    )
    expect(page.endsWith('<li>item 199999 &lt;</li></ul>')).toBe(true)
    const joined = `<ul>${items.map((item) => item.value).join('')}</ul>`
    expect(hash('sha1', page, 'hex')).toBe(hash('sha1', joined, 'hex'))
    expect(Buffer.from(page).equals(Buffer.from(joined))).toBe(true)
  })

  it('renders nothing for null, undefined and false, and numbers as text', () => {
    expect(html`[${null}${undefined}${false}${0}${42}]`.value).toBe('[042]')
  })

  it('passes raw markup through only when asked', () => {
    expect(html`${raw('<b>x</b>')}${'<b>x</b>'}`.value).toBe('<b>x</b>&lt;b&gt;x&lt;/b&gt;')
    expect(escapeHtml('plain')).toBe('plain')
  })
})
