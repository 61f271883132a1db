import type { SearchResult } from '../../search/index.ts'
import type { TermCount } from '../../store/index.ts'
import { type Html, html } from '../html.ts'
import { postPath, withPage } from '../paths.ts'
import { layout, type SiteContext } from './layout.ts'
import { type Pager, pagination } from './post-list.ts'

export interface SearchForm {
  q: string
  stack: string
  tool: string
  difficulty: string
}

export interface FilterChoices {
  stack: readonly TermCount[]
  tool: readonly TermCount[]
  difficulty: readonly TermCount[]
}

const FILTER_LABELS = { stack: 'Stack', tool: 'Tool', difficulty: 'Difficulty' } as const

function filterSelect(
  name: keyof FilterChoices,
  choices: readonly TermCount[],
  current: string,
): Html {
  const id = `filter-${name}`
  return html`<label for="${id}">${FILTER_LABELS[name]}</label>
<select id="${id}" name="${name}"><option value="">any</option>${choices.map(
    (term) =>
      html`<option value="${term.name}"${term.name === current ? html` selected` : null}>${term.name}</option>`,
  )}</select>`
}

/** The query string of a search, without empty fields, so each search has one URL. */
export function searchHref(form: SearchForm, page: number): string {
  const params: Record<string, string> = {}
  for (const [key, value] of Object.entries(form)) if (value) params[key] = value
  return withPage('/search', page, params)
}

export function searchPage(
  site: SiteContext,
  form: SearchForm,
  choices: FilterChoices,
  result: SearchResult | undefined,
): string {
  const pager: Pager | undefined = result && {
    page: result.page,
    pages: Math.ceil(Math.min(result.total, result.totalCap) / result.pageSize) || 1,
    more: result.page * result.pageSize < Math.min(result.total, result.totalCap),
    href: (page) => searchHref(form, page),
  }
  const count = result
    ? result.total >= result.totalCap
      ? `More than ${(result.totalCap - 1).toLocaleString('en')} articles; the best of the newest ${result.totalCap.toLocaleString('en')} are shown`
      : `${result.total.toLocaleString('en')} ${result.total === 1 ? 'article' : 'articles'}`
    : undefined
  const main = html`<h1 class="page-title">${form.q ? html`Search: ${form.q}` : 'Search'}</h1>
<form class="search-form" role="search" action="/search" method="get">
<label for="search-q">Words to find</label>
<input id="search-q" type="search" name="q" value="${form.q}" maxlength="200" autofocus>
<div class="filters">
${filterSelect('stack', choices.stack, form.stack)}
${filterSelect('tool', choices.tool, form.tool)}
${filterSelect('difficulty', choices.difficulty, form.difficulty)}
</div>
<button type="submit">Search</button>
</form>
${
  result
    ? html`<p class="result-count" role="status">${count} ${result.total === 1 ? 'matches' : 'match'}.</p>
<ol class="post-list search-results">${result.hits.map(
        (hit) => html`<li class="post-item">
<h2><a href="${postPath(hit.slug)}">${hit.title}</a>${
          hit.reviewState === 'pending' ? html` <span class="badge">awaiting review</span>` : null
        }</h2>
<p class="snippet">${hit.snippet.map((part) => (part.match ? html`<mark>${part.text}</mark>` : part.text))}</p>
</li>`,
      )}</ol>
${result.hits.length === 0 ? html`<p>Nothing matched. Try fewer or other words, or remove a filter.</p>` : null}
${pager ? pagination(pager) : null}`
    : html`<p>Type one or more words: titles count most, then headings, meta and the article text.</p>`
}`
  return layout(site, {
    title: form.q ? `Search: ${form.q}` : 'Search',
    noindex: true,
    main,
    query: form.q,
  })
}
