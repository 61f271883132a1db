import type { Post } from '../../content/index.ts'
import type { ListedPost } from '../../store/index.ts'
import { type Html, html } from '../html.ts'
import { postPath } from '../paths.ts'
import type { SiteContext } from './layout.ts'
import { postFacts } from './post-facts.ts'

const excerpt = (text: string, limit = 220): Html =>
  text.length <= limit ? text : html`${text.slice(0, limit).replace(/\s+\S*$/, '')} &hellip;`

/** One post in a list: title, date, stack and difficulty, a short summary. */
export function postItem(site: SiteContext, item: ListedPost, extra?: Html): Html {
  const post = JSON.parse(item.document) as Post
  const facts = postFacts(post, site)
  const filed = facts.terms.filter(
    (term) => term.archive.kind === 'stack' || term.archive.kind === 'difficulty',
  )
  return html`<li class="post-item">
<h2><a href="${postPath(item.slug)}">${item.title}</a>${
    item.reviewState === 'pending' ? html` <span class="badge">awaiting review</span>` : null
  }</h2>
<p class="post-kicker">${item.publishedAt ? html`<time datetime="${item.publishedAt}">${item.publishedAt}</time>` : null}${filed.map(
    (term) => html` &middot; <a href="${term.href}">${term.name}</a>`,
  )}${facts.readingMinutes ? html` &middot; ${facts.readingMinutes} min read` : null}</p>
${extra ?? html`<p>${excerpt(facts.summary)}</p>`}
</li>`
}

export const postList = (site: SiteContext, items: readonly ListedPost[]): Html =>
  html`<ol class="post-list">${items.map((item) => postItem(site, item))}</ol>`

export interface Pager {
  page: number
  /** Total pages, when the list knows its length. */
  pages?: number
  more: boolean
  href(page: number): string
}

export function pagination(pager: Pager): Html {
  if (pager.page === 1 && !pager.more) return null
  return html`<nav class="pagination" aria-label="Pages">
${pager.page > 1 ? html`<a rel="prev" href="${pager.href(pager.page - 1)}">&larr; Newer</a>` : null}
<span>Page ${pager.page.toLocaleString('en')}${pager.pages ? ` of ${pager.pages.toLocaleString('en')}` : null}</span>
${pager.more ? html`<a rel="next" href="${pager.href(pager.page + 1)}">Older &rarr;</a>` : null}
</nav>`
}

/** `<link rel=prev/next>` for the head of a paginated page. */
export const pagerLinks = (pager: Pager): Html =>
  html`${
    pager.page > 1 ? html`<link rel="prev" href="${pager.href(pager.page - 1)}">` : null
  }${pager.more ? html`<link rel="next" href="${pager.href(pager.page + 1)}">` : null}`
