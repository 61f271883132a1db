import { hash } from 'node:crypto'
import { isMetaMap, type MetaValue, type Post } from './post.ts'

/** What a post is filed under: archives, Similar Posts and search filters use these. */
export type TermKind =
  | 'stack'
  | 'area'
  | 'language'
  | 'tool'
  | 'difficulty'
  | 'problem'
  | 'scenario'
  | 'entity'
  | 'tag'

export interface PostTerm {
  kind: TermKind
  name: string
}

const ENTITY_KINDS: ReadonlySet<string> = new Set(['stack', 'area', 'problem'])
const texts = (value: MetaValue | undefined): string[] =>
  Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : typeof value === 'string'
      ? [value]
      : []
const field = (value: MetaValue | undefined, key: string): MetaValue | undefined =>
  isMetaMap(value) ? value[key] : undefined

/** The post's terms, each (kind, name) once, names trimmed and lowercased. */
export function postTerms(post: Post): PostTerm[] {
  const { meta } = post
  const terms: PostTerm[] = []
  const add = (kind: TermKind, name: string) => {
    const clean = name.trim().toLowerCase().slice(0, 120)
    if (clean && !terms.some((term) => term.kind === kind && term.name === clean))
      terms.push({ kind, name: clean })
  }
  const entities = Array.isArray(meta.entities) ? meta.entities.filter(isMetaMap) : []
  for (const entity of entities) {
    const name = entity.name
    const type = entity.type
    if (typeof name !== 'string') continue
    add(typeof type === 'string' && ENTITY_KINDS.has(type) ? (type as TermKind) : 'entity', name)
  }
  // Posts without entities (e.g. from other tools) still name their stack in meta.stack.
  const [stack, area] = texts(meta.stack)
  if (stack !== undefined && !terms.some((term) => term.kind === 'stack')) add('stack', stack)
  if (area !== undefined && !terms.some((term) => term.kind === 'area')) add('area', area)
  for (const language of texts(meta.code_language)) add('language', language)
  for (const tool of texts(meta.tools)) add('tool', tool)
  for (const difficulty of texts(meta.difficulty)) add('difficulty', difficulty)
  for (const scenario of texts(
    field(meta.payload, 'scenario') ?? field(meta.ai_outline, 'context'),
  ))
    add('scenario', scenario)
  for (const tag of texts(meta.tags)) add('tag', tag)
  return terms
}

/** The article's date (YYYY-MM-DD) for newest-first lists, from the meta fields that carry one. */
export function publishedDate(post: Post): string | null {
  const { meta } = post
  for (const value of [
    field(meta.revision, 'last_reviewed'),
    meta.date,
    meta.published_at,
    meta.pub_date,
  ]) {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10)
  }
  return null
}

/** True when the synthesizer made the post (`payload.generator`). */
export const isGenerated = (post: Post): boolean =>
  typeof field(post.meta.payload, 'generator') === 'string'

/** True when the post must be reviewed by a person before it is indexed. */
export function needsReview(post: Post, options: { reviewAllGenerated?: boolean } = {}): boolean {
  if (field(post.meta.flags, 'needs_human_review') === 1) return true
  return options.reviewAllGenerated === true && isGenerated(post)
}

/**
 * A URL slug: the title in lowercase words joined by `-` (at most 80 characters), then the
 * identity the same way, so two posts with one title never share a URL and a slug never
 * changes with the ordering of imports. An identity with no letter or digit a URL keeps
 * (`日本`) is written as 8 hex digits of its hash: a slug always has a part after the title.
 */
export function postSlug(title: string, sourceId: string): string {
  const words = urlWords(title)
  const head = words.length > 80 ? words.slice(0, 80).replace(/-[^-]*$/, '') : words
  const tail = urlWords(sourceId) || hash('sha256', sourceId, 'hex').slice(0, 8)
  return head ? `${head}-${tail}` : tail
}

const urlWords = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')

/**
 * The slug a post gets when another post already holds its `postSlug`: identities that
 * differ only in characters a slug drops (`a_b` and `a-b`), or a title whose last words
 * another post's identity repeats, give one slug. It adds 8 hex digits of a hash of the
 * identity (and of `attempt`, counted up while the result is taken too), so it is the same
 * on every run that meets the same posts in the same order.
 */
export function distinctSlug(slug: string, sourceId: string, attempt = 0): string {
  return `${slug}-${hash('sha256', `${sourceId}\u0000${attempt}`, 'hex').slice(0, 8)}`
}
