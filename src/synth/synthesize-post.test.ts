import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { contentHash, isMetaMap, type Post, readPage, writePage } from '../content/index.ts'
import { readMarkdown, writeMarkdown } from '../content/markdown/index.ts'
import { parsePost } from '../content/validation/index.ts'
import { synthesizeNdjsonLine, synthesizePost } from './synthesize-post.ts'
import { STACKS } from './vocabulary/stacks.ts'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const seeds = (count: number, step = 1) => Array.from({ length: count }, (_, i) => i * step)

// Pinned output: a change to any of these is a change to every archive built from seeds.
const GOLDEN: Record<number, string> = {
  0: '3572bc7ee6b864184d2fc473b93e0fb73febb2dd6d3086398ee632e546171dbb',
  1: '79ae03316a1f3d7f3e0d55499f7da842b8cc4c0aa123fcac814d2c262722e8de',
  237: '7a362f5b7036342b16b0c1ba8232445b2669092205998af9b0c3aa1577c89363',
  2829: '57ca91a632804678d864fc3808da28bdc59545a159d49ee721a8ef7431f8c6d4',
  14787: '81fe8ecb8f0fe59ce0ce3f738e1873f1bf60ddb27a41b8a1de4998dbec4bca89',
  999999: '0d7d25a7cf09b364a06b8939f7b9870848e4477c86b6ce6f360305595319e49b',
}

const allParagraphs = (post: Post) =>
  post.sections.flatMap((section) => section.blocks.filter((block) => 'paragraph' in block))

describe('synthesizePost', () => {
  it('gives the pinned output for fixed seeds, and for the first thousand together', () => {
    for (const [seed, hash] of Object.entries(GOLDEN))
      expect(sha256(synthesizeNdjsonLine(Number(seed))), `seed ${seed}`).toBe(hash)
    const joined = seeds(1000)
      .map((seed) => `${synthesizeNdjsonLine(seed)}\n`)
      .join('')
    expect(sha256(joined)).toBe('4779503724c19c7d06893a3ca3bdcfe771b40f988a957373b868c576d8b8a3b4')
  })

  it('is deterministic, and its NDJSON line is the JSON of its post', () => {
    for (const seed of seeds(200, 4999)) {
      expect(synthesizePost(seed)).toEqual(synthesizePost(seed))
      expect(synthesizeNdjsonLine(seed)).toBe(JSON.stringify(synthesizePost(seed)))
    }
    expect(
      synthesizePost(1).title === synthesizePost(2).title &&
        synthesizePost(1).intro === synthesizePost(2).intro,
    ).toBe(false)
  })

  it('rejects seeds outside 0..999999', () => {
    for (const seed of [-1, 1_000_000, 1.5, Number.NaN])
      expect(() => synthesizePost(seed)).toThrow(RangeError)
  })

  it('writes meta that agrees with the body, over thousands of seeds', () => {
    for (const seed of seeds(3000, 331)) {
      const post = synthesizePost(seed)
      const { meta } = post
      const six = String(seed).padStart(6, '0')
      const payload = meta.payload as Record<string, unknown>
      expect(payload.source_id).toBe(`alphanode-${six}`)
      expect(payload.seed).toBe(seed)
      expect(payload.generator).toBe('anp content synthesizer')
      expect(payload.paragraphs).toBe(allParagraphs(post).length)
      expect(meta.reference).toMatch(new RegExp(`^anp-ref-${six}-\\d{4}$`))
      expect(meta.hash).toBe(contentHash(post))
      const checklist = post.sections.find(
        (section) => section.heading === 'implementation checklist',
      )!
      expect(checklist.blocks).toEqual([{ list: meta.checklist }])
      const code = post.sections
        .flatMap((section) => section.blocks)
        .filter((block) => 'code' in block)
      for (const block of code) expect(block).toMatchObject({ language: meta.code_language })
      const flags = meta.flags as Record<string, number>
      expect(flags.has_images).toBe(post.figure ? 1 : 0)
      const sources = meta.image_sources as Array<Record<string, string>>
      expect(flags.image_heavy).toBe(sources.length > 1 ? 1 : 0)
      if (post.figure) {
        expect(post.figure.url).toBe(sources[0]!.url)
        expect(post.figure.caption).toBe(`${post.figure.alt}. image source: ${sources[0]!.source}`)
      }
      const [stack, area] = meta.stack as string[]
      const outline = meta.ai_outline as Record<string, string>
      expect(meta.entities).toEqual([
        { name: stack, type: 'stack' },
        { name: area, type: 'area' },
        { name: outline.problem, type: 'problem' },
      ])
      expect(meta.topic).toBe(`${outline.problem} / ${stack}`)
      expect(post.title).toContain(stack)
      expect(post.title).toContain(outline.problem)
      expect(post.intro).toContain(outline.problem)
      expect(outline.context).toBe(payload.scenario)
    }
  })

  it('round-trips every post through the plain-text page and Markdown, over thousands of seeds', () => {
    for (const seed of seeds(2500, 397)) {
      const post = synthesizePost(seed)
      expect(parsePost(post), `seed ${seed}`).toEqual(post)
      const page = writePage(post, { strict: true })
      expect(readPage(page).post).toEqual(post)
      expect(readMarkdown(writeMarkdown(post))).toEqual(post)
    }
  })

  it('has breadth: stacks, problems, scenarios, title forms, sections, checklists, image sources', () => {
    const seen = {
      stacks: new Set<string>(),
      problems: new Set<string>(),
      scenarios: new Set<string>(),
      titles: new Set<string>(),
      intros: new Set<string>(),
      second: new Set<string>(),
      checklists: new Set<string>(),
      sources: new Set<string>(),
      codeLanguages: new Set<string>(),
    }
    for (const seed of seeds(5000, 199)) {
      const post = synthesizePost(seed)
      const outline = post.meta.ai_outline as Record<string, string>
      seen.stacks.add(outline.stack!)
      seen.problems.add(outline.problem!)
      seen.scenarios.add(outline.context!)
      seen.titles.add(
        post.title
          .replace(outline.stack!, 'S')
          .replace(outline.problem!, 'P')
          .replace(/ (for|,) .*$/, ' $1 …'),
      )
      seen.intros.add(post.intro.slice(0, 12))
      if (post.sections.length === 4) seen.second.add(post.sections[1]!.heading)
      seen.checklists.add(String(post.meta.checklist))
      for (const source of post.meta.image_sources as Array<Record<string, string>>)
        seen.sources.add(source.source!)
      for (const section of post.sections)
        for (const block of section.blocks)
          if ('code' in block) seen.codeLanguages.add(block.language!)
    }
    expect(seen.stacks.size).toBeGreaterThanOrEqual(12)
    expect(seen.problems.size).toBeGreaterThanOrEqual(40)
    expect(seen.scenarios.size).toBeGreaterThanOrEqual(8)
    expect(seen.titles.size).toBeGreaterThanOrEqual(5)
    expect(seen.intros.size).toBeGreaterThanOrEqual(5)
    expect(seen.second.size).toBeGreaterThanOrEqual(8)
    expect(seen.checklists.size).toBeGreaterThanOrEqual(6)
    expect(seen.sources).toEqual(new Set(['unsplash', 'loremflickr.com']))
    expect(seen.codeLanguages.size).toBeGreaterThanOrEqual(8)
    expect(STACKS.every((stack) => stack.snippets.every((code) => code.includes('\n')))).toBe(true)
  })

  it('spreads difficulty, views, scores, review state and reading time realistically', () => {
    const posts = seeds(6000, 163).map(synthesizePost)
    const review =
      posts.filter((post) => (post.meta.flags as Record<string, number>).needs_human_review === 1)
        .length / posts.length
    expect(review).toBeGreaterThan(0.28)
    expect(review).toBeLessThan(0.38)
    expect(new Set(posts.map((post) => post.meta.difficulty))).toEqual(
      new Set(['beginner', 'intermediate', 'advanced']),
    )
    const views = posts.map((post) => post.meta.view_count as number).sort((a, b) => a - b)
    const median = views[views.length >> 1]!
    expect(views.at(-1)! / median).toBeGreaterThan(50)
    expect(median).toBeGreaterThan(5_000)
    const statuses = new Set(
      posts.map((post) => (post.meta.revision as Record<string, string>).status),
    )
    expect(statuses.size).toBeGreaterThanOrEqual(4)
    for (const post of posts.slice(0, 500)) {
      const score = post.meta.score as Record<string, number>
      expect(Object.values(score).every((value) => value >= 30 && value <= 99)).toBe(true)
      expect(isMetaMap(post.meta.revision)).toBe(true)
      expect((post.meta.revision as Record<string, string>).last_reviewed).toMatch(
        /^20(1[6-9]|2[0-6])-\d\d-\d\d$/,
      )
    }
    const longest = posts.reduce((a, b) =>
      JSON.stringify(a).length > JSON.stringify(b).length ? a : b,
    )
    const shortest = posts.reduce((a, b) =>
      JSON.stringify(a).length < JSON.stringify(b).length ? a : b,
    )
    expect(longest.meta.reading_time as number).toBeGreaterThan(
      shortest.meta.reading_time as number,
    )
  })
})
