import type { PostReads } from '../store/index.ts'
import { ARCHIVES, type ArchiveKind, archivePath, termSlug, termSlugsByName } from './paths.ts'

export interface TermLinks {
  /** The archive page of the term `name`: the URL the archive itself answers to. */
  href(archive: ArchiveKind, name: string): string
  /**
   * Renders with `href`, and when that met a term newer than the last reading (whose link was
   * a guess), reads the terms again and renders once more.
   */
  settled<T>(render: () => T): Promise<T>
  /** Reads every archive's terms again. */
  refresh(): Promise<void>
}

/** A name still unknown after a reading makes pages wait for another at most this often. */
const GUESS_REREAD_MS = 1000
/** Names remembered for that; past this many the memory starts again. */
const GUESSES_KEPT = 1000

/**
 * Term links as the archives give them out. Two names that make one slug (`node.js`, `node
 * js`) share it only in part: the archive gives the second its id as well (see `termSlugs`),
 * so a page linking `termSlug(name)` sent readers of the second term to the first's archive.
 * The archives' terms are read again at most every `maxAgeMs`, in the background, so pages
 * render without waiting. A term newer than the last reading can only be guessed (its plain
 * slug, wrong when an older name holds it); `settled` renders such a page again once the
 * terms are read, so no page, cached ones included, keeps a guess. A name that stays unknown
 * (a document naming a term the database lacks) costs at most one reading a second.
 */
export function termLinks(reads: Pick<PostReads, 'terms'>, maxAgeMs = 10_000): TermLinks {
  let slugs = new Map<string, Map<string, string>>()
  let readAt = Number.NEGATIVE_INFINITY
  let reading: Promise<void> | undefined
  // Names (kind and name) guessed by the render `settled` runs, and when each last made a
  // page wait. Rendering is synchronous, so one list serves every request.
  let guessed: string[] | undefined
  const waitedAt = new Map<string, number>()

  const refresh = async () => {
    const next = new Map<string, Map<string, string>>()
    for (const archive of ARCHIVES)
      next.set(archive.kind, termSlugsByName(await reads.terms(archive.kind)))
    slugs = next
    readAt = Date.now()
  }
  // One reading at a time; a failed one keeps the last, and the next page tries again.
  const reread = () => {
    reading ??= refresh()
      .catch(() => {})
      .finally(() => {
        reading = undefined
      })
    return reading
  }

  return {
    href(archive, name) {
      if (Date.now() - readAt > maxAgeMs) void reread()
      const slug = slugs.get(archive.kind)?.get(name)
      if (slug !== undefined) return archivePath(archive, slug)
      guessed?.push(`${archive.kind}:${name}`)
      return archivePath(archive, termSlug(name))
    },
    async settled<T>(render: () => T): Promise<T> {
      const names: string[] = []
      guessed = names
      let page: T
      try {
        page = render()
      } finally {
        guessed = undefined
      }
      if (names.length === 0) return page
      const now = Date.now()
      const due = names.filter(
        (key) => (waitedAt.get(key) ?? Number.NEGATIVE_INFINITY) <= now - GUESS_REREAD_MS,
      )
      if (due.length === 0) return page
      if (waitedAt.size + due.length > GUESSES_KEPT) waitedAt.clear()
      for (const key of due) waitedAt.set(key, now)
      // A reading in flight may have begun before the term was written: one more after it.
      if (reading) await reading
      await reread()
      return render()
    },
    refresh,
  }
}
