import { isMetaMap, type Post, postTerms } from '../../content/index.ts'
import { ARCHIVES, type ArchiveKind } from '../paths.ts'
import type { SiteContext } from './layout.ts'

export interface TermLink {
  archive: ArchiveKind
  name: string
  href: string
}

/** What a list item or an article header shows about a post, read from its model. */
export interface PostFacts {
  /** The archives the post is filed in, stack first. */
  terms: TermLink[]
  readingMinutes?: number
  summary: string
}

export function postFacts(post: Post, site: Pick<SiteContext, 'termHref'>): PostFacts {
  const terms: TermLink[] = []
  const all = postTerms(post)
  for (const archive of ARCHIVES) {
    for (const term of all)
      if (term.kind === archive.kind)
        terms.push({ archive, name: term.name, href: site.termHref(archive, term.name) })
  }
  const minutes = post.meta.reading_time
  const summary = post.meta.summary
  return {
    terms,
    readingMinutes: typeof minutes === 'number' && minutes > 0 ? minutes : undefined,
    summary: typeof summary === 'string' && summary.trim() ? summary : post.intro,
  }
}

// Only plain web addresses may become an image source.
const IMAGE_ADDRESS = /^https:\/\/[^\s"'<>]+$/

/** Where the figure's image is: its own url, else the image source whose caption matches. */
export function figureImage(post: Post): string | undefined {
  const { figure } = post
  if (!figure) return undefined
  const candidates: string[] = figure.url ? [figure.url] : []
  const sources = Array.isArray(post.meta.image_sources)
    ? post.meta.image_sources.filter(isMetaMap)
    : []
  const matching = sources.find((source) => source.caption === figure.alt) ?? sources[0]
  if (typeof matching?.url === 'string') candidates.push(matching.url)
  return candidates.find((url) => IMAGE_ADDRESS.test(url))
}
