import type { ListedPost, TermCount } from '../../store/index.ts'
import { html } from '../html.ts'
import { type ArchiveKind, archivePath, termSlugsByName } from '../paths.ts'
import { layout, type SiteContext } from './layout.ts'
import { type Pager, pagerLinks, pagination, postList } from './post-list.ts'

export function homePage(site: SiteContext, items: readonly ListedPost[], pager: Pager): string {
  const main = html`<h1 class="page-title">${pager.page === 1 ? 'Newest articles' : `Newest articles, page ${pager.page}`}</h1>
${items.length > 0 ? postList(site, items) : html`<p>No articles yet. Import some with <code>alphanode import</code>.</p>`}
${pagination(pager)}`
  return layout(site, {
    title: pager.page === 1 ? site.name : `Newest articles, page ${pager.page}`,
    description:
      'Practical articles on running software in production: stacks, tools and checklists.',
    canonical: pager.href(pager.page),
    head: pagerLinks(pager),
    main,
  })
}

export function archiveIndexPage(
  site: SiteContext,
  archive: ArchiveKind,
  /** Every term of the kind, by name: the slugs need the empty ones too. */
  terms: readonly TermCount[],
): string {
  const slugs = termSlugsByName(terms)
  const listed = terms.filter((term) => term.posts > 0)
  const main = html`<h1 class="page-title">${archive.title}</h1>
<p>${listed.length.toLocaleString('en')} ${archive.title.toLowerCase()}, each with its articles, newest first.</p>
<ul class="term-list">${listed.map(
    (term) =>
      html`<li><a href="${archivePath(archive, slugs.get(term.name))}">${term.name}</a> <span class="count">${term.posts.toLocaleString('en')}</span></li>`,
  )}</ul>`
  return layout(site, {
    title: archive.title,
    description: `Articles by ${archive.singular}.`,
    canonical: archivePath(archive),
    main,
  })
}

export function archivePage(
  site: SiteContext,
  archive: ArchiveKind,
  term: TermCount,
  items: readonly ListedPost[],
  pager: Pager,
): string {
  const heading = `${archive.singular[0]!.toUpperCase()}${archive.singular.slice(1)}: ${term.name}`
  const main = html`<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="${archivePath(archive)}">${archive.title}</a></nav>
<h1 class="page-title">${heading}</h1>
<p>${term.posts.toLocaleString('en')} ${term.posts === 1 ? 'article' : 'articles'}, newest first.</p>
${postList(site, items)}
${pagination(pager)}`
  return layout(site, {
    title: pager.page === 1 ? heading : `${heading}, page ${pager.page}`,
    description: `Articles filed under the ${archive.singular} ${term.name}.`,
    canonical: pager.href(pager.page),
    head: pagerLinks(pager),
    main,
  })
}
