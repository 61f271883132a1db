/** Every URL the site links to is built here, so links and routes cannot drift apart. */

export type PostExtension = 'txt' | 'md' | 'json'

export const postPath = (slug: string, extension?: PostExtension): string =>
  `/posts/${slug}${extension ? `.${extension}` : ''}`

export interface ArchiveKind {
  /** The term kind in the store. */
  kind: 'stack' | 'tool' | 'difficulty' | 'problem'
  /** First path segment. */
  segment: string
  /** Heading of the archive index. */
  title: string
  /** What one term of the kind is called. */
  singular: string
}

export const ARCHIVES: readonly ArchiveKind[] = [
  { kind: 'stack', segment: 'stacks', title: 'Stacks', singular: 'stack' },
  { kind: 'tool', segment: 'tools', title: 'Tools', singular: 'tool' },
  { kind: 'difficulty', segment: 'difficulties', title: 'Difficulty', singular: 'difficulty' },
  { kind: 'problem', segment: 'problems', title: 'Problems', singular: 'problem' },
]

export const archiveOf = (kind: string): ArchiveKind | undefined =>
  ARCHIVES.find((archive) => archive.kind === kind)

/**
 * A term's URL segment: `python services` → `python-services`, `c++` → `c-plus-plus`. Names
 * that collide get their term id appended (see `termSlugs`), so every term has one stable URL.
 */
export function termSlug(name: string): string {
  return (
    name
      .toLowerCase()
      .replaceAll('+', '-plus-')
      .replaceAll('#', '-sharp-')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'term'
  )
}

/**
 * Slugs for a kind's terms, given every term of the kind, empty ones too. Of names that make
 * one slug (`node.js`, `node js`) the oldest term keeps the plain slug and the others get
 * their ids appended. Term rows are never deleted and ids only grow, so a term's slug never
 * changes: a newer name that sorts first, or the older term losing its last post, moves no
 * URL. (By name order, `node js` arriving after `node.js` took `node.js`'s URL.)
 */
export function termSlugs<T extends { id: number; name: string }>(
  terms: readonly T[],
): Map<string, T> {
  const bySlug = new Map<string, T>()
  for (const term of [...terms].sort((a, b) => a.id - b.id)) {
    let slug = termSlug(term.name)
    // Appended again in the rare case that a name's own slug already ends so (`node js 12`).
    while (bySlug.has(slug)) slug = `${slug}-${term.id}`
    bySlug.set(slug, term)
  }
  return bySlug
}

/** The same slugs by term name: the link of each of a kind's terms. */
export function termSlugsByName(terms: ReadonlyArray<{ id: number; name: string }>) {
  const byName = new Map<string, string>()
  for (const [slug, term] of termSlugs(terms)) byName.set(term.name, slug)
  return byName
}

/** A list's URL at a page: page 1 has no parameter, so each page has exactly one URL. */
export function withPage(path: string, page: number, params: Record<string, string> = {}): string {
  if (page <= 1 && Object.keys(params).length === 0) return path
  const search = new URLSearchParams(params)
  if (page > 1) search.set('page', String(page))
  const query = search.toString()
  return query ? `${path}?${query}` : path
}

export const archivePath = (archive: ArchiveKind, slug?: string, page = 1): string =>
  withPage(slug ? `/${archive.segment}/${slug}` : `/${archive.segment}`, page)
