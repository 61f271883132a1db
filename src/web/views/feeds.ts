import type { Post } from '../../content/index.ts'
import type { ListedPost, SitemapEntry } from '../../store/index.ts'
import { type Html, html } from '../html.ts'
import { ARCHIVES, archivePath, postPath } from '../paths.ts'
import type { SiteContext } from './layout.ts'
import { postFacts } from './post-facts.ts'

/** Most URLs one sitemap file may hold (sitemaps.org); shards are id ranges of this size. */
export const SITEMAP_SHARD_SIZE = 50_000

const xml = (body: Html): string => html`<?xml version="1.0" encoding="UTF-8"?>\n${body}`.value

// Dates in feeds and sitemaps are full timestamps; a post's date alone is read as midnight UTC.
const timestamp = (date: string): string => (date.length === 10 ? `${date}T00:00:00Z` : date)

/** Atom feed of the newest indexable posts. */
export function atomFeed(
  site: SiteContext,
  items: ReadonlyArray<ListedPost & { updatedAt: string }>,
): string {
  // ISO timestamps sort as text: the last is the newest.
  const updated =
    items
      .map((item) => item.updatedAt)
      .sort()
      .at(-1) ?? '1970-01-01T00:00:00Z'
  return xml(html`<feed xmlns="http://www.w3.org/2005/Atom">
<title>${site.name}</title>
<subtitle>Newest articles</subtitle>
<id>${site.publicUrl}/</id>
<link rel="self" href="${site.publicUrl}/feed.xml"/>
<link rel="alternate" type="text/html" href="${site.publicUrl}/"/>
<updated>${updated}</updated>
<author><name>${site.name}</name></author>
${items.map((item) => {
  const facts = postFacts(JSON.parse(item.document) as Post, site)
  const url = `${site.publicUrl}${postPath(item.slug)}`
  return html`<entry>
<title>${item.title}</title>
<id>${url}</id>
<link rel="alternate" type="text/html" href="${url}"/>
${item.publishedAt ? html`<published>${timestamp(item.publishedAt)}</published>` : null}
<updated>${item.updatedAt}</updated>
<summary>${facts.summary}</summary>
${facts.terms.map((term) => html`<category term="${term.name}"/>`)}
</entry>`
})}
</feed>`)
}

/** The sitemap index: the pages sitemap, then one shard per id range that can hold posts. */
export function sitemapIndex(site: SiteContext, shards: number): string {
  const locations = ['/sitemaps/pages.xml']
  for (let shard = 1; shard <= shards; shard++) locations.push(`/sitemaps/posts-${shard}.xml`)
  return xml(html`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${locations.map((location) => html`<sitemap><loc>${site.publicUrl}${location}</loc></sitemap>\n`)}</sitemapindex>`)
}

export function postsSitemap(site: SiteContext, entries: readonly SitemapEntry[]): string {
  return xml(html`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.map(
  (entry) =>
    html`<url><loc>${site.publicUrl}${postPath(entry.slug)}</loc><lastmod>${entry.updatedAt}</lastmod></url>\n`,
)}</urlset>`)
}

/** The home page, the archive indexes and every archive's first page. */
export function pagesSitemap(site: SiteContext, archivePages: readonly string[]): string {
  const paths = ['/', ...ARCHIVES.map((archive) => archivePath(archive)), ...archivePages]
  return xml(html`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${paths.map((path) => html`<url><loc>${site.publicUrl}${path}</loc></url>\n`)}</urlset>`)
}
