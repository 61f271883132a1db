import { type Html, html, raw } from '../html.ts'
import { ARCHIVES, type ArchiveKind, archivePath } from '../paths.ts'

/** What every page needs to know about the site it belongs to. */
export interface SiteContext {
  name: string
  /** Absolute base URL, no trailing slash. */
  publicUrl: string
  /** Fingerprinted URL of the stylesheet. */
  stylesheet: string
  /** A term's archive page, as the archive answers to it (see `termLinks`). */
  termHref(archive: ArchiveKind, name: string): string
}

export interface PageOptions {
  title: string
  description?: string
  /** Path of the page's one canonical URL. */
  canonical?: string
  /** Keep the page out of search engines (awaiting review, search results, errors). */
  noindex?: boolean
  /** Extra tags for `<head>`: Open Graph, JSON-LD, pagination links. */
  head?: Html
  main: Html
  /** The search box's current text. */
  query?: string
}

/** JSON inside `<script>`: `<` escaped so no value can close the element. */
export const jsonScript = (value: unknown): Html =>
  raw(
    `<script type="application/ld+json">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`,
  )

export function layout(site: SiteContext, options: PageOptions): string {
  const title =
    options.title === site.name ? site.name : html`${options.title} &middot; ${site.name}`
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${options.description ? html`<meta name="description" content="${options.description}">` : null}
${options.noindex ? html`<meta name="robots" content="noindex">` : null}
${options.canonical ? html`<link rel="canonical" href="${site.publicUrl}${options.canonical}">` : null}
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="${site.stylesheet}">
<link rel="alternate" type="application/atom+xml" title="${site.name}: newest posts" href="/feed.xml">
${options.head ?? null}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<nav aria-label="Site">
<a class="brand" href="/">${site.name}</a>
<ul class="nav-links">${ARCHIVES.map((archive) => html`<li><a href="${archivePath(archive)}">${archive.title}</a></li>`)}</ul>
<form class="search-box" role="search" action="/search" method="get">
<label for="site-search" class="visually-hidden">Search articles</label>
<input id="site-search" type="search" name="q" value="${options.query ?? ''}" placeholder="Search articles" maxlength="200">
<button type="submit">Search</button>
</form>
</nav>
</header>
<main id="main">
${options.main}
</main>
<footer class="site-footer">
<p>${site.name}: an archive of programming articles. <a href="/feed.xml">Atom feed</a> &middot; <a href="/sitemap.xml">Sitemap</a></p>
</footer>
</body>
</html>`.value
}
