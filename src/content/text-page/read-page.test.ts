import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../errors.ts'
import { readPage } from './read-page.ts'
import { writePage } from './write-page.ts'

const fixtures = new URL('../../../test/fixtures/pages/', import.meta.url)
const page = (name: string) => readFileSync(new URL(name, fixtures), 'utf8')

function errorOf(run: () => unknown): AppError {
  try {
    run()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected an AppError, but nothing was thrown')
}

describe('readPage on captured pages', () => {
  it('reads the title, intro, figure, sections and meta of a captured page', () => {
    const { post, similar } = readPage(page('seed-002_ef4f30e95cfa6dd9.txt'))
    expect(post.title).toBe(
      'production checklist for making service health visible in python services',
    )
    expect(post.intro).toMatch(/^this is a field note/)
    expect(post.figure).toEqual({
      alt: 'making service health visible with python services visual reference 1',
      caption:
        'making service health visible with python services visual reference 1. image source: loremflickr.com',
      url: 'https://loremflickr.com/1200/630/code,developer?lock=14787',
    })
    expect(post.sections.map((s) => s.heading)).toEqual([
      'production checks',
      'why this matters',
      'implementation checklist',
      'final notes',
    ])
    expect(post.sections[0]!.blocks.at(-1)).toEqual({
      code: "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/health')\ndef health():\n    return {'ok': True}",
      language: 'python',
    })
    expect(post.sections[2]!.blocks).toEqual([
      {
        list: [
          'inspect cache headers',
          'test logged-in traffic',
          'purge only the affected route',
          'measure response time',
          'keep a rollback command ready',
        ],
      },
    ])
    expect(similar).toEqual([])
  })

  it('types meta by the rules: labels split, digits become numbers, maps and lists of maps', () => {
    const { meta } = readPage(page('seed-000_5cb2bd27493b9b06.txt')).post
    expect(Object.keys(meta)).toEqual([
      'topic',
      'summary',
      'ai_outline',
      'ai_brief',
      'stack',
      'tools',
      'code_language',
      'difficulty',
      'reading_time',
      'view_count',
      'score',
      'revision',
      'reference',
      'hash',
      'flags',
      'checklist',
      'entities',
      'image_sources',
      'payload',
      'notes',
    ])
    expect(meta.topic).toBe('making logs useful during incidents / python services')
    expect(meta.reading_time).toBe(7)
    expect(meta.view_count).toBe(67062)
    expect(meta.ai_outline).toEqual({
      context: 'during a production cleanup',
      problem: 'making logs useful during incidents',
      stack: 'python services',
      recommended_action: 'measure first, change carefully, document the result',
    })
    expect(meta.revision).toEqual({
      status: 'expanded',
      version: '1.7.9',
      last_reviewed: '2019-06-17',
    })
    expect(meta.reference).toBe('anp-ref-000237-2478')
    expect(meta.entities).toEqual([
      { name: 'python services', type: 'stack' },
      { name: 'backend', type: 'area' },
      { name: 'making logs useful during incidents', type: 'problem' },
    ])
    expect(meta.payload).toEqual({
      source_id: 'alphanode-000237',
      generator: 'anp content synthesizer',
      paragraphs: 6,
      scenario: 'during a production cleanup',
      seed: 237,
    })
  })

  it('round-trips every fixture page byte for byte, less its leading chrome', () => {
    const names = readdirSync(fixtures).filter((name) => name.endsWith('.txt'))
    expect(names.length).toBeGreaterThanOrEqual(5)
    for (const name of names) {
      const text = page(name)
      const { post, similar } = readPage(text)
      const expected = text.replace(/\r\n/g, '\n').replace(/^(?:[| ]*\|[| ]*\n)+\n*/, '')
      expect(writePage(post, { similar, strict: true }), name).toBe(expected)
    }
  })
})

describe('readPage, rule by rule', () => {
  const minimal = (body: string, meta = 'topicx') =>
    `title\n\nintro.\n\n${body}alphanode post meta\n\n${meta}\n\nSimilar Posts`

  it('skips leading chrome lines of | and spaces, and the blank line after them', () => {
    expect(readPage(`| |\n|  | |\n\n${minimal('')}`).post.title).toBe('title')
  })

  it('reads a page with no figure and no sections', () => {
    const { post } = readPage(minimal(''))
    expect(post.figure).toBeUndefined()
    expect(post.sections).toEqual([])
  })

  it('keeps blank lines inside code, including two in a row', () => {
    const { post } = readPage(minimal('h\n\nSELECT 1;\n\n\nSELECT 2;\n\n'))
    expect(post.sections[0]!.blocks).toEqual([{ code: 'SELECT 1;\n\n\nSELECT 2;' }])
  })

  it('gives code blocks the language named by meta code_language', () => {
    const { post } = readPage(minimal('h\n\nSELECT 1;\n\n', 'code languagesql'))
    expect(post.sections[0]!.blocks).toEqual([{ code: 'SELECT 1;', language: 'sql' }])
  })

  it('tells a heading from a paragraph and from one-line code', () => {
    const { post } = readPage(
      minimal(
        'first steps\n\nrun the build first:\n\nnpm run build\n\nwhat about redis?\n\nit is optional here.\n\n',
      ),
    )
    expect(post.sections).toEqual([
      {
        heading: 'first steps',
        blocks: [{ paragraph: 'run the build first:' }, { code: 'npm run build' }],
      },
      { heading: 'what about redis?', blocks: [{ paragraph: 'it is optional here.' }] },
    ])
  })

  it('reads import lines and dotted names as code, even alone between blank lines', () => {
    const body =
      'setup\n\ncache the archive view:\n\nfrom django.views.decorators.cache import cache_page\n\n@cache_page(300)\ndef archive(request):\n    pass\n\n'
    const { post } = readPage(minimal(body))
    expect(post.sections).toEqual([
      {
        heading: 'setup',
        blocks: [
          { paragraph: 'cache the archive view:' },
          {
            code: 'from django.views.decorators.cache import cache_page\n\n@cache_page(300)\ndef archive(request):\n    pass',
          },
        ],
      },
    ])
  })

  it('never reads the line after a heading, or the last line, as a heading', () => {
    const { post } = readPage(minimal('overview\n\nshort note\n\nanother short note\n\n'))
    expect(post.sections).toEqual([
      {
        heading: 'overview',
        blocks: [{ paragraph: 'short note' }, { paragraph: 'another short note' }],
      },
    ])
  })

  it('reads similar post titles after the Similar Posts heading', () => {
    const { similar } = readPage(`${minimal('')}\n\n  • one\n  • two: with a colon`)
    expect(similar).toEqual(['one', 'two: with a colon'])
  })

  it('reads CRLF line ends as LF and tolerates a final newline', () => {
    expect(readPage(`${minimal('h\n\np.\n\n')}\n`.replace(/\n/g, '\r\n')).post.sections).toEqual([
      { heading: 'h', blocks: [{ paragraph: 'p.' }] },
    ])
  })

  it('reads meta scalars: digits without a leading zero are numbers, all else stays text', () => {
    const meta = 'view count0\nreading time12\nreference000237\nhash1.7.9\nsummary-5'
    expect(readPage(minimal('', meta)).post.meta).toEqual({
      view_count: 0,
      reading_time: 12,
      reference: '000237',
      hash: '1.7.9',
      summary: '-5',
    })
  })

  it('prefers the longest known label and accepts extra labels', () => {
    expect(readPage(minimal('', 'code languagego')).post.meta).toEqual({ code_language: 'go' })
    expect(readPage(minimal('', 'word count120'), { labels: ['word count'] }).post.meta).toEqual({
      word_count: 120,
    })
  })

  it('reads a label with no items as an empty list, and unknown labels with items as keys', () => {
    expect(readPage(minimal('', 'stack\nrelated links\n  • a\n  • b')).post.meta).toEqual({
      stack: [],
      related_links: ['a', 'b'],
    })
  })

  it('reads items that look like entries as a map only when every item does, with distinct labels', () => {
    const meta =
      'notes\n  • a: 1\n  • plain\nscore\n  • quality: 87\n  • depth: 5\nflags\n  • x: 1\n  • x: 2'
    expect(readPage(minimal('', meta)).post.meta).toEqual({
      notes: ['a: 1', 'plain'],
      score: { quality: 87, depth: 5 },
      flags: ['x: 1', 'x: 2'],
    })
  })

  it('splits a list of maps where a key comes again', () => {
    const meta = 'entities\n    • name: a\n    • type: b\n    • name: c\n    • type: d: e • f'
    expect(readPage(minimal('', meta)).post.meta.entities).toEqual([
      { name: 'a', type: 'b' },
      { name: 'c', type: 'd: e • f' },
    ])
  })
})

describe('readPage on malformed pages', () => {
  const good = page('seed-000_5cb2bd27493b9b06.txt')

  it('names the last line of a truncated page', () => {
    const cut = good.split('\n').slice(0, 41).join('\n')
    const error = errorOf(() => readPage(cut))
    expect(error.code).toBe('PAGE_SYNTAX')
    expect(cut.split('\n')[error.line! - 1]).toBe(cut.split('\n')[40])
    expect(error.line).toBe(41)
    expect(error.message).toMatch(/Similar Posts.*truncated/)
  })

  it('names the line of an unknown meta label on a scalar line', () => {
    const bad = good.replace('difficultyintermediate', 'difficultyintermediate\nflavourspicy')
    const error = errorOf(() => readPage(bad))
    expect(error.message).toMatch(/unknown meta label in "flavourspicy"/)
    expect(bad.split('\n')[error.line! - 1]).toBe('flavourspicy')
  })

  it('names the line of a list item outside a list', () => {
    const bad = good.replace('difficultyintermediate', 'difficultyintermediate\n  • stray')
    const error = errorOf(() => readPage(bad))
    expect(error.message).toMatch(/list item outside a list/)
    expect(bad.split('\n')[error.line! - 1]).toBe('  • stray')
  })

  it('rejects mixed 2- and 4-space items under one label', () => {
    const bad = good.replace('    • type: area', '  • type: area')
    expect(errorOf(() => readPage(bad)).message).toMatch(
      /one label holds either 2-space or 4-space items/,
    )
  })

  it('rejects a page whose meta heading is missing', () => {
    const error = errorOf(() => readPage(good.replace('alphanode post meta', 'post meta')))
    expect(error.message).toMatch(/"alphanode post meta" heading/)
  })

  it('rejects a missing blank line after the title, naming line 2', () => {
    const error = errorOf(() => readPage('title\nintro\n\nalphanode post meta\n\nSimilar Posts'))
    expect(error.line).toBe(2)
    expect(error.message).toMatch(/blank line after the title/)
  })

  it('rejects a section that has a heading but no block', () => {
    const error = errorOf(() =>
      readPage('t\n\ni.\n\nonly a heading\n\nalphanode post meta\n\nSimilar Posts'),
    )
    expect(error.message).toMatch(/block after the last section heading/)
  })
})
