import { describe, expect, it } from 'vitest'
import { AppError } from '../../errors.ts'
import { buildPost } from '../testing/build-post.ts'
import { checkPost, parsePost } from './post-schema.ts'

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
