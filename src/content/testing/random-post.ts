import type { Block, MetaMap, MetaValue, Post } from '../post.ts'

/** A tiny seeded PRNG for test data (mulberry32); the synthesizer has its own. */
export function testRandom(seed: number) {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!
  return { next, int, pick }
}

const WORDS = [
  'cache',
  'query',
  'café',
  '東京',
  'naïve',
  'emoji 🚀',
  'über',
  'ключ',
  'route',
  'deploy',
  'a: b',
  'x • y',
  'rollback',
  "it's",
  '<script>',
  '&amp;',
  '*stars*',
  '_under_',
  '#hash',
  '[link](x)',
  '`tick`',
  '1.',
  '- dash',
  '> quote',
]
const HEADINGS = [
  'production checks',
  'why this matters',
  'common mistakes',
  'the practical approach',
  'step 2: measure again',
  'what about redis?',
  'final notes',
]
const CODE = [
  "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/health')\ndef health():\n    return {'ok': True}",
  'EXPLAIN ANALYZE\nSELECT id FROM posts WHERE slug = $1;\n\n\n-- two blank lines above',
  'npm ci && npm test',
  'server {\n    location / {\n        try_files $uri $uri/ =404;\n    }\n}',
  '```\nnested fence\n```',
]

type Rng = ReturnType<typeof testRandom>
const sentence = (rng: Rng, end = '.'): string =>
  `${Array.from({ length: rng.int(4, 14) }, () => rng.pick(WORDS)).join(' ')}${end}`

/**
 * A varied post that a plain-text page can hold exactly: prose paragraphs end like
 * sentences, headings do not, code looks like code, meta keys are labels the reader knows
 * or lists (which need no known label).
 */
export function randomPost(seed: number): Post {
  const rng = testRandom(seed)
  const sections = Array.from({ length: rng.int(0, 5) }, (_, s) => {
    const blocks: Block[] = []
    let lastCode = false
    for (let b = rng.int(1, 4); b > 0; b--) {
      const kind = rng.int(0, 2)
      if (kind === 2 && !lastCode) {
        blocks.push(rng.int(0, 1) ? { code: rng.pick(CODE) } : { code: rng.pick(CODE) })
        lastCode = true
        continue
      }
      lastCode = false
      if (kind === 1)
        blocks.push({ list: Array.from({ length: rng.int(1, 4) }, () => sentence(rng, '')) })
      else blocks.push({ paragraph: sentence(rng) })
    }
    return { heading: `${rng.pick(HEADINGS)} ${s}`, blocks }
  })
  const meta: MetaMap = {
    topic: sentence(rng, ''),
    stack: rng.int(0, 1) ? [] : ['python services', 'backend'],
    reading_time: rng.int(0, 30),
    view_count: rng.int(0, 9_000_000),
    score: { quality: rng.int(0, 100), depth: rng.int(0, 100) },
    revision: { status: 'reviewed', version: '1.7.9', last_reviewed: '2019-06-17' },
    hash: 'b9b581489a38a6ad9a739fbb',
    entities: [
      { name: sentence(rng, ''), type: 'stack' },
      { name: 'x: y • z', type: 'problem' },
    ],
    payload: {
      source_id: `alphanode-${String(seed).padStart(6, '0')}`,
      seed,
      scenario: 'behind a cdn',
    },
    notes: [sentence(rng), '0042', '-5', '1.5'] as MetaValue[],
  }
  const post: Post = { title: sentence(rng, ''), intro: sentence(rng), sections, meta }
  if (rng.int(0, 3) > 0) {
    post.figure = { alt: `figure ${seed}`, caption: `figure ${seed}. image source: unsplash` }
  }
  return post
}
