import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../errors.ts'
import { buildPost } from '../testing/build-post.ts'
import { readPage } from '../text-page/read-page.ts'
import { passesCompiledCheck } from './compiled-post-check.ts'
import { checkPost, PostSchema, parsePost } from './post-schema.ts'

const problemsOf = (value: unknown) =>
  checkPost(value).map(({ path, reason }) => (path ? `${path}: ${reason}` : reason))

describe('the post model', () => {
  it('accepts a valid post and returns it in canonical key order, meta order untouched', () => {
    const post = buildPost()
    const shuffled = {
      meta: post.meta,
      sections: post.sections,
      intro: post.intro,
      figure: post.figure,
      title: post.title,
    }
    const parsed = parsePost(shuffled)
    expect(Object.keys(parsed)).toEqual(['title', 'intro', 'figure', 'sections', 'meta'])
    expect(Object.keys(parsed.meta)).toEqual(['topic', 'reading_time', 'payload'])
  })

  it('names the path and the reason of a wrong meta type', () => {
    const post = buildPost({ meta: { payload: { source_id: 'alphanode-000001', seed: 'abc' } } })
    expect(problemsOf(post)).toEqual(['meta.payload.seed: expected integer, got "abc"'])
  })

  it('names paths inside sections and blocks', () => {
    const post = buildPost()
    post.sections[1]!.blocks.push(
      { paragraph: 'two\nlines' },
      { code: 'x', language: 'c plus plus' },
    )
    expect(problemsOf(post)).toEqual([
      'sections[1].blocks[1].paragraph: expected a paragraph on one line (no line breaks), got "two\\nlines"',
      'sections[1].blocks[2].language: expected a language name like "python", got "c plus plus"',
    ])
  })

  it('reports unknown top-level keys, missing fields and bad meta keys', () => {
    const { title: _dropped, ...rest } = buildPost()
    const problems = problemsOf({
      ...rest,
      extra: 1,
      meta: { 'Bad Key': 'x', flags: { has_images: 2 } },
    })
    expect(problems).toContain('title: expected a title as a string, got nothing')
    expect(problems).toContain('unexpected key "extra"')
    expect(problems.some((p) => p.startsWith('meta.Bad Key: expected a snake_case'))).toBe(true)
    expect(problems).toContain('meta.flags.has_images: expected flag 0 or 1 <= 1, got 2')
  })

  it('explains which block shapes exist when a block matches none', () => {
    const post = buildPost()
    post.sections[0]!.blocks = [{ table: [] } as never]
    expect(problemsOf(post)).toEqual([
      'sections[0].blocks[0]: expected one of: { paragraph } | { code, language? } | { list }, got a map',
    ])
  })

  it('throws one POST_INVALID error listing the problems', () => {
    expect(() => parsePost({})).toThrow(AppError)
    expect(() => parsePost({})).toThrow(/title: expected a title/)
  })
})

// Values that break some rule wherever they stand, and keys that break the key rules (not
// undefined: JSON cannot carry it, and zod lets an optional key hold it).
const BAD_VALUES: unknown[] = [
  null,
  true,
  '',
  '   ',
  'two\nlines',
  'a\rb',
  -1,
  1.5,
  101,
  2,
  Number.MAX_SAFE_INTEGER + 2,
  'ABCDEF0123456789abcdef01',
  'Not An Id',
  {},
  [],
  [1],
  ['x', 'y\nz'],
  { ok: 'x' },
  { 'Not-Snake': 1 },
]

/**
 * Every value that differs from `value` in one place (one value replaced, one key added or
 * removed), with where: `.meta.flags.x=null`, `.sections[0]+extra_key`, `.figure-alt`.
 */
function* oneChangeFrom(value: unknown, at = ''): Generator<[unknown, string]> {
  for (const bad of BAD_VALUES) yield [bad, `${at}=${JSON.stringify(bad)}`]
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      for (const [changed, where] of oneChangeFrom(value[i], `${at}[${i}]`))
        yield [value.map((item, j) => (j === i ? changed : item)), where]
    yield [[...value, 'extra'], `${at}+extra`]
  } else if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
    for (const [key, item] of entries) {
      for (const [changed, where] of oneChangeFrom(item, `${at}.${key}`))
        yield [{ ...value, [key]: changed }, where]
      yield [Object.fromEntries(entries.filter(([other]) => other !== key)), `${at}-${key}`]
    }
    yield [{ ...value, extra_key: 'x' }, `${at}+extra_key`]
    yield [{ ...value, 'Bad-Key': 'x' }, `${at}+Bad-Key`]
  }
}

describe('the compiled post check', () => {
  const pages = new URL('../../../test/fixtures/pages/', import.meta.url)
  const posts = readdirSync(pages).map(
    (name) => readPage(readFileSync(new URL(name, pages), 'utf8')).post as unknown,
  )

  it('passes the captured posts, so valid posts never wait for zod', () => {
    expect(posts.length).toBeGreaterThan(3)
    for (const post of posts) expect(passesCompiledCheck(post)).toBe(true)
  })

  it('agrees with the zod schema on every post one change away from a valid one', () => {
    let changed = 0
    let refused = 0
    const disagreements: string[] = []
    for (const post of posts.slice(0, 3))
      for (const [variant, where] of oneChangeFrom(post)) {
        changed++
        const zod = PostSchema.safeParse(variant).success
        if (!zod) refused++
        if (passesCompiledCheck(variant) !== zod)
          disagreements.push(`${where}: zod ${zod ? 'accepts' : 'refuses'}`)
      }
    expect(disagreements.slice(0, 5)).toEqual([])
    // The changes reach every part of the model, and most of them break it.
    expect(changed).toBeGreaterThan(5000)
    expect(refused / changed).toBeGreaterThan(0.5)
  })
})
