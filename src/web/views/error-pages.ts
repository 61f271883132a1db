import { html } from '../html.ts'
import { ARCHIVES, archivePath } from '../paths.ts'
import { layout, type SiteContext } from './layout.ts'

const ways = html`<p>From here:</p>
<ul>
<li><a href="/">the newest articles</a></li>
${ARCHIVES.map((archive) => html`<li><a href="${archivePath(archive)}">articles by ${archive.singular}</a></li>`)}
<li><a href="/search">search</a></li>
</ul>`

/** 404: says what was asked for and offers a search for it. */
export function notFoundPage(site: SiteContext, path: string): string {
  const words = decodeURIComponentSafe(path)
    .replace(/^\/posts\//, '')
    .replace(/\.(txt|md|json)$/, '')
    .replace(/-alphanode-\d+$/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, 100)
  const main = html`<h1 class="page-title">Page not found</h1>
<p>Nothing lives at <code>${path.slice(0, 300)}</code>. The link may be mistyped, or the page may have moved.</p>
${
  words
    ? html`<form class="search-form" role="search" action="/search" method="get">
<label for="search-q">Search for it</label>
<input id="search-q" type="search" name="q" value="${words}" maxlength="200">
<button type="submit">Search</button>
</form>`
    : null
}
${ways}`
  return layout(site, { title: 'Page not found', noindex: true, main })
}

/** 410: the article was withdrawn by an editor. */
export function gonePage(site: SiteContext): string {
  const main = html`<h1 class="page-title">This article was withdrawn</h1>
<p>An editor removed it from the archive after review. It will not come back at this address.</p>
${ways}`
  return layout(site, { title: 'Article withdrawn', noindex: true, main })
}

/** 400 and 500: what went wrong, in words a reader can act on. */
export function problemPage(site: SiteContext, title: string, detail: string): string {
  const main = html`<h1 class="page-title">${title}</h1>
<p>${detail}</p>
${ways}`
  return layout(site, { title, noindex: true, main })
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
