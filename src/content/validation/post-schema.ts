import { z } from 'zod'
import { AppError } from '../../errors.ts'
import { META_KEY_PATTERN } from '../meta-labels.ts'
import { CODE_LANGUAGE, canonicalPost, type MetaValue, type Post } from '../post.ts'

// Single-line fields become one line of a plain-text page, so they may hold no line break
// and must not be blank (a blank line separates blocks).
const line = (what: string) =>
  z
    .string({ error: `expected ${what} as a string` })
    .regex(/^[^\r\n]*$/, { error: `expected ${what} on one line (no line breaks)` })
    .regex(/\S/, { error: `expected ${what} to be non-empty` })

const integer = (what = 'integer', min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z
    .int({ error: `expected ${what}` })
    .min(min, { error: `expected ${what} >= ${min}` })
    .max(max, {
      error: `expected ${what} <= ${max}`,
    })

const metaKey = z.string().regex(META_KEY_PATTERN, {
  error: 'expected a snake_case meta key (lowercase letters, digits, single underscores)',
})

const metaText = z
  .string({ error: 'expected a string' })
  .regex(/^[^\r\n]*$/, { error: 'expected meta text on one line (no line breaks)' })

// Meta values nest freely. A union of four schemas would try each branch in turn and build
// an issue for every branch that fails (most of the cost of validating a post), so one
// check looks at the value's shape and recurses.
export const MetaValueSchema: z.ZodType<MetaValue> = z.unknown().superRefine((value, ctx) => {
  const problems: Array<{ path: PropertyKey[]; message: string; input: unknown }> = []
  checkMetaValue(value, [], problems)
  for (const { path, message, input } of problems)
    ctx.addIssue({ code: 'custom', path, message, input })
}) as unknown as z.ZodType<MetaValue>

function checkMetaValue(
  value: unknown,
  path: PropertyKey[],
  problems: Array<{ path: PropertyKey[]; message: string; input: unknown }>,
) {
  if (typeof value === 'string') {
    if (value.includes('\n') || value.includes('\r'))
      problems.push({
        path,
        message: 'expected meta text on one line (no line breaks)',
        input: value,
      })
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value))
      problems.push({ path, message: 'expected a finite number', input: value })
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkMetaValue(value[i], [...path, i], problems)
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (!META_KEY_PATTERN.test(key)) {
        problems.push({
          path: [...path, key],
          message: 'expected a snake_case key (lowercase letters, digits, single underscores)',
          input: key,
        })
      }
      checkMetaValue(item, [...path, key], problems)
    }
  } else {
    problems.push({ path, message: 'expected a string, a number, a list or a map', input: value })
  }
}

// Catch-all keys are not checked by the key schema, so check them here.
const openMap = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object(shape)
    .catchall(MetaValueSchema)
    .superRefine((value, ctx) => {
      for (const key of Object.keys(value)) {
        if (META_KEY_PATTERN.test(key)) continue
        ctx.addIssue({
          code: 'custom',
          path: [key],
          input: key,
          message: 'expected a snake_case key (lowercase letters, digits, single underscores)',
        })
      }
    })
const textList = z.array(metaText, { error: 'expected a list of strings' })

// Known keys are typed; any other snake_case key may hold any meta value.
const MetaSchema = openMap({
  topic: metaText.optional(),
  summary: metaText.optional(),
  ai_outline: z.record(metaKey, metaText).optional(),
  ai_brief: metaText.optional(),
  stack: textList.optional(),
  tools: textList.optional(),
  code_language: metaText.optional(),
  difficulty: metaText.optional(),
  reading_time: integer('integer minutes').optional(),
  view_count: integer().optional(),
  score: z.record(metaKey, integer('integer score', 0, 100)).optional(),
  revision: openMap({
    version: metaText.optional(),
    last_reviewed: metaText.optional(),
  }).optional(),
  reference: metaText.optional(),
  hash: z
    .string({ error: 'expected a string' })
    .regex(/^[0-9a-f]{24}$/, { error: 'expected 24 lowercase hex digits' })
    .optional(),
  flags: z.record(metaKey, integer('flag 0 or 1', 0, 1)).optional(),
  checklist: textList.optional(),
  entities: z.array(openMap({ name: metaText, type: metaText })).optional(),
  image_sources: z.array(openMap({ source: metaText, url: metaText.optional() })).optional(),
  payload: openMap({
    source_id: z
      .string({ error: 'expected a string' })
      .regex(/^[a-z0-9][a-z0-9._-]{0,199}$/, {
        error: 'expected an identity of lowercase letters, digits, ".", "_" or "-" (at most 200)',
      })
      .optional(),
    seed: integer().optional(),
    paragraphs: integer().optional(),
    generator: metaText.optional(),
  }).optional(),
  notes: textList.optional(),
})

const BLOCK_SHAPES = {
  paragraph: z.strictObject({ paragraph: line('a paragraph') }),
  code: z.strictObject({
    code: z.string({ error: 'expected code as a string' }).regex(/\S/, {
      error: 'expected code to be non-empty',
    }),
    language: z
      .string()
      .regex(CODE_LANGUAGE, { error: 'expected a language name like "python"' })
      .optional(),
  }),
  list: z.strictObject({
    list: z.array(line('a list item'), { error: 'expected a list of strings' }),
  }),
}
const BLOCK_KINDS = Object.keys(BLOCK_SHAPES) as Array<keyof typeof BLOCK_SHAPES>

// A block is told by its key, then checked against that one shape (not tried against all three).
const BlockSchema = z.unknown().superRefine((value, ctx) => {
  const kind =
    typeof value === 'object' && value !== null
      ? BLOCK_KINDS.find((key) => key in value)
      : undefined
  if (kind === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected one of: { paragraph } | { code, language? } | { list }',
      input: value,
    })
    return
  }
  const result = BLOCK_SHAPES[kind].safeParse(value, { reportInput: true })
  if (!result.success) for (const issue of result.error.issues) ctx.addIssue(issue as never)
})

export const PostSchema = z.strictObject({
  title: line('a title'),
  intro: line('an intro'),
  figure: z
    .strictObject({
      alt: line('alt text'),
      caption: line('a caption'),
      url: z.string().regex(/^\S+$/, { error: 'expected a URL with no spaces' }).optional(),
    })
    .optional(),
  sections: z.array(z.strictObject({ heading: line('a heading'), blocks: z.array(BlockSchema) }), {
    error: 'expected a list of sections',
  }),
  meta: MetaSchema,
})

export interface PostProblem {
  path: string
  reason: string
}

/** Checks a value against the post model; problems name the path and the reason. */
export function checkPost(value: unknown): PostProblem[] {
  const result = PostSchema.safeParse(value, { reportInput: true })
  return result.success ? [] : result.error.issues.map(describeIssue)
}

/** Returns the value as a Post, in canonical key order, or throws POST_INVALID. */
export function parsePost(value: unknown): Post {
  const problems = checkPost(value)
  if (problems.length > 0) {
    const shown = problems
      .slice(0, 5)
      .map(({ path, reason }) => (path ? `${path}: ${reason}` : reason))
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''
    throw new AppError('POST_INVALID', `${shown.join('; ')}${more}`)
  }
  return canonicalPost(value as Post)
}

type Issue = z.core.$ZodIssue

function describeIssue(issue: Issue): PostProblem {
  const chosen = issue.code === 'invalid_union' ? closestBranch(issue) : issue
  return { path: formatPath(chosen.path), reason: reasonOf(chosen) }
}

// A union failure lists every branch's issues; the branch whose issue reaches deepest is
// the one the input was meant to be, so report that one.
function closestBranch(issue: Issue & { code: 'invalid_union' }): Issue {
  let best: Issue | undefined
  for (const branch of issue.errors) {
    for (const candidate of branch) {
      // A missing key or an extra key says the input was not meant as this branch.
      if (
        candidate.code === 'unrecognized_keys' ||
        !('input' in candidate) ||
        candidate.input === undefined
      )
        continue
      if (!best || candidate.path.length > best.path.length) best = candidate
    }
  }
  if (!best || best.path.length === 0) {
    return { ...issue, message: `expected one of: ${unionShapes(issue.path)}` } as Issue
  }
  const nested = best.code === 'invalid_union' ? closestBranch(best) : best
  return { ...nested, path: [...issue.path, ...nested.path] } as Issue
}

function unionShapes(path: PropertyKey[]): string {
  return path.includes('blocks')
    ? '{ paragraph } | { code, language? } | { list }'
    : 'a string, a number, a list or a map'
}

function reasonOf(issue: Issue): string {
  let reason = issue.message
  if (reason.startsWith('Invalid input: expected')) {
    reason = reason.replace(/^Invalid input: /, '').replace(/, received \w+$/, '')
  } else if (issue.code === 'unrecognized_keys') {
    reason = `unexpected key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`
  } else if (issue.code === 'invalid_key') {
    reason = 'expected a snake_case key (lowercase letters, digits, single underscores)'
  }
  if (issue.code === 'unrecognized_keys' || !('input' in issue)) return reason
  return `${reason}, got ${showInput(issue.input)}`
}

function showInput(input: unknown): string {
  if (input === undefined) return 'nothing'
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'a list'
  if (typeof input === 'object') return 'a map'
  const shown = JSON.stringify(input)
  return shown.length > 60 ? `${shown.slice(0, 57)}..."` : shown
}

function formatPath(path: PropertyKey[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out ? `.${String(part)}` : String(part)
  }
  return out
}
