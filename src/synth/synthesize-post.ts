import {
  type Block,
  contentText,
  hashContentText,
  type MetaMap,
  type Post,
  type Section,
} from '../content/index.ts'
import { createRandom, type Random } from './random.ts'
import { compileTemplate, compileWeighted, type Slots } from './template.ts'
import {
  LOREMFLICKR_TAGS,
  loremflickrUrl,
  UNSPLASH_PHOTOS,
  unsplashUrl,
} from './vocabulary/images.ts'
import * as prose from './vocabulary/prose.ts'
import { STACKS } from './vocabulary/stacks.ts'
import { AUDIENCES, PROBLEMS, SCENARIOS } from './vocabulary/topics.ts'

export const MAX_SEED = 999_999

const TITLES = compileWeighted(prose.TITLES)
const INTROS = compileWeighted(prose.INTROS)
const OWNER_NOTES = compileWeighted(prose.OWNER_NOTES)
const APPROACH_NOTES = compileWeighted(prose.APPROACH_NOTES)
const FINAL_NOTES = compileWeighted(prose.FINAL_NOTES)
const SUMMARIES = compileWeighted(prose.SUMMARIES)
const SECOND_SECTIONS = prose.SECOND_SECTIONS.map((section) => ({
  heading: section.heading,
  paragraphs: section.paragraphs.map(compileTemplate),
  list: section.list,
}))

const DIFFICULTIES = [
  ['beginner', 3],
  ['intermediate', 5],
  ['advanced', 2],
] as const
const STATUSES = [
  ['drafted', 3],
  ['expanded', 3],
  ['reviewed', 3],
  ['published', 2],
  ['refreshed', 1],
] as const
// Heavy-tailed view counts from integer buckets (no Math.log, so every machine agrees).
const VIEW_BUCKETS: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[50, 999], 8],
  [[1_000, 9_999], 22],
  [[10_000, 99_999], 40],
  [[100_000, 999_999], 24],
  [[1_000_000, 9_999_999], 6],
]
const FIRST_REVIEW_DAY = Date.UTC(2016, 0, 1)
const DAY_MS = 86_400_000

const six = (seed: number): string => String(seed).padStart(6, '0')

/**
 * One complete article for a seed in 0..999999: the same seed gives the same post, byte for
 * byte, on every machine. The meta agrees with the body (checklist, paragraph count, code
 * language, images, entities, hash).
 */
export function synthesizePost(seed: number): Post {
  return synthesize(seed).post
}

/**
 * The post's NDJSON line (no newline), the same as `JSON.stringify(synthesizePost(seed))`,
 * built from the content JSON that the hash already needed.
 */
export function synthesizeNdjsonLine(seed: number): string {
  const { post, content } = synthesize(seed)
  return `${content.slice(0, -1)},"meta":${JSON.stringify(post.meta)}}`
}

function synthesize(seed: number): { post: Post; content: string } {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(`seed must be a whole number in 0..${MAX_SEED}, got ${seed}`)
  }
  const rng = createRandom(seed)
  const stack = rng.pick(STACKS)
  const slots: Slots = {
    stack: stack.name,
    problem: rng.pick(PROBLEMS),
    scenario: rng.pick(SCENARIOS),
    audience: rng.pick(AUDIENCES),
  }

  const title = rng.weighted(TITLES)(slots)
  const intro = rng.weighted(INTROS)(slots)
  const images = pickImages(rng, seed, slots)
  const hasCode = rng.percent(40)
  const sections: Section[] = [
    checksSection(rng, slots, hasCode ? rng.pick(stack.snippets) : undefined, stack.language),
  ]
  if (rng.percent(80)) sections.push(secondSection(rng, slots))
  const checklist = rng.pick(prose.CHECKLISTS)
  sections.push({ heading: 'implementation checklist', blocks: [{ list: [...checklist] }] })
  sections.push({
    heading: 'final notes',
    blocks: [{ paragraph: rng.weighted(FINAL_NOTES)(slots) }],
  })

  const post: Post = { title, intro } as Post
  if (images.length > 0) {
    const first = images[0]!
    post.figure = {
      alt: first.caption,
      caption: `${first.caption}. image source: ${first.source}`,
      url: first.url,
    }
  }
  post.sections = sections
  const content = contentText(post)
  post.meta = meta(rng, seed, slots, stack, post, checklist, images, content)
  return { post, content }
}

interface Image {
  source: string
  url: string
  caption: string
}

function pickImages(rng: Random, seed: number, slots: Slots): Image[] {
  if (!rng.percent(90)) return []
  const count = rng.percent(15) ? 2 : 1
  const images: Image[] = []
  for (let n = 1; n <= count; n++) {
    const caption = `${slots.problem} with ${slots.stack} visual reference ${n}`
    images.push(
      rng.percent(50)
        ? { source: 'unsplash', url: unsplashUrl(rng.pick(UNSPLASH_PHOTOS)), caption }
        : {
            source: 'loremflickr.com',
            url: loremflickrUrl(rng.pick(LOREMFLICKR_TAGS), seed + (n - 1) * 1_000_000),
            caption,
          },
    )
  }
  return images
}

function checksSection(
  rng: Random,
  slots: Slots,
  code: string | undefined,
  language: string,
): Section {
  const paragraphs = rng.sample(prose.CHECK_PARAGRAPHS, rng.int(3, 4))
  paragraphs[2] = `${paragraphs[2]} ${rng.weighted(OWNER_NOTES)(slots)}`
  if (paragraphs.length > 3)
    paragraphs[3] = `${paragraphs[3]} ${rng.weighted(APPROACH_NOTES)(slots)}`
  const blocks: Block[] = paragraphs.map((paragraph) => ({ paragraph }))
  if (code !== undefined) blocks.push({ code, language })
  return { heading: rng.weighted(prose.CHECKS_HEADINGS), blocks }
}

function secondSection(rng: Random, slots: Slots): Section {
  const kind = rng.pick(SECOND_SECTIONS)
  const blocks: Block[] = kind.paragraphs.map((fill) => ({ paragraph: fill(slots) }))
  if (kind.list) blocks.push({ list: [...kind.list] })
  return { heading: kind.heading, blocks }
}

function meta(
  rng: Random,
  seed: number,
  slots: Slots,
  stack: (typeof STACKS)[number],
  post: Post,
  checklist: readonly string[],
  images: Image[],
  content: string,
): MetaMap {
  const { chars, paragraphs } = measure(post)
  const [low, high] = rng.weighted(VIEW_BUCKETS)
  const reviewedDay = new Date(FIRST_REVIEW_DAY + rng.int(0, 3652) * DAY_MS)
    .toISOString()
    .slice(0, 10)
  return {
    topic: `${slots.problem} / ${slots.stack}`,
    summary: rng.weighted(SUMMARIES)(slots),
    ai_outline: {
      context: slots.scenario,
      problem: slots.problem,
      stack: slots.stack,
      recommended_action: rng.weighted(prose.RECOMMENDED_ACTIONS),
    },
    ai_brief: rng.weighted(prose.BRIEFS),
    stack: [stack.name, stack.area, stack.language],
    tools: [...stack.tools],
    code_language: stack.language,
    difficulty: rng.weighted(DIFFICULTIES),
    reading_time: Math.round(3 + chars / 560),
    view_count: rng.int(low, high),
    score: {
      quality: rng.int(60, 99),
      freshness: rng.int(30, 99),
      depth: rng.int(50, 95),
      clarity: rng.int(60, 95),
    },
    revision: {
      status: rng.weighted(STATUSES),
      version: `1.${rng.int(0, 9)}.${rng.int(0, 9)}`,
      last_reviewed: reviewedDay,
    },
    reference: `anp-ref-${six(seed)}-${rng.int(1000, 9999)}`,
    hash: hashContentText(content),
    flags: {
      ai_generated_style: 1,
      has_images: images.length > 0 ? 1 : 0,
      image_heavy: images.length > 1 ? 1 : 0,
      needs_human_review: rng.percent(33) ? 1 : 0,
    },
    checklist: [...checklist],
    entities: [
      { name: stack.name, type: 'stack' },
      { name: stack.area, type: 'area' },
      { name: slots.problem, type: 'problem' },
    ],
    image_sources: images.map(({ source, url, caption }) => ({ source, url, caption })),
    payload: {
      source_id: `alphanode-${six(seed)}`,
      generator: prose.GENERATOR,
      paragraphs,
      scenario: slots.scenario,
      seed,
    },
    notes: [...prose.NOTES],
  }
}

/**
 * Characters a reader sees above the meta box (reading time follows them: about 560 make
 * a minute on top of 3, which matches the captured pages), and the paragraphs after the
 * intro. A string's length costs nothing, where counting words means reading every string.
 */
function measure(post: Post): { chars: number; paragraphs: number } {
  let chars = post.title.length + post.intro.length
  if (post.figure) chars += post.figure.alt.length + post.figure.caption.length
  let paragraphs = 0
  for (const section of post.sections) {
    chars += section.heading.length
    for (const block of section.blocks) {
      if ('paragraph' in block) {
        paragraphs++
        chars += block.paragraph.length
      } else if ('code' in block) {
        chars += block.code.length
      } else {
        for (const item of block.list) chars += item.length
      }
    }
  }
  return { chars, paragraphs }
}
