import type { PostReads } from '../store/index.ts'
import { ARCHIVES, type ArchiveKind, archivePath, termSlug, termSlugsByName } from './paths.ts'

export interface TermLinks {
  /** The archive page of the term `name`: the URL the archive itself answers to. */
  href(archive: ArchiveKind, name: string): string
  /** Reads every archive's terms again. */
  refresh(): Promise<void>
}

/**
 * Term links as the archives give them out. Two names that make one slug (`node.js`, `node
 * js`) share it only in part: the archive gives the second its id as well (see `termSlugs`),
 * so a page linking `termSlug(name)` sent readers of the second term to the first's archive.
 * The archives' terms are read again at most every `maxAgeMs`, in the background: pages
 * render without waiting, and a term newer than the last reading links by its plain slug.
 */
export function termLinks(reads: Pick<PostReads, 'terms'>, maxAgeMs = 10_000): TermLinks {
  let slugs = new Map<string, Map<string, string>>()
  let readAt = Number.NEGATIVE_INFINITY
  let reading: Promise<void> | undefined

  const refresh = async () => {
    const next = new Map<string, Map<string, string>>()
    for (const archive of ARCHIVES)
      next.set(archive.kind, termSlugsByName(await reads.terms(archive.kind)))
    slugs = next
    readAt = Date.now()
  }

  return {
    href(archive, name) {
      if (!reading && Date.now() - readAt > maxAgeMs)
        reading = refresh()
          // A failed reading keeps the last one; the next page tries again.
          .catch(() => {})
          .finally(() => {
            reading = undefined
          })
      return archivePath(archive, slugs.get(archive.kind)?.get(name) ?? termSlug(name))
    },
    refresh,
  }
}
