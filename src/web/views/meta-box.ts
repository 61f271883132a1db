import { isMetaMap, keyToLabel, type MetaMap, type MetaValue } from '../../content/index.ts'
import { escapeHtml, type Html, html, raw } from '../html.ts'

// The box was half of an article's rendering (a hundred values or so), so it is built as
// plain strings rather than a template per value: 8–9 µs a page instead of 21, the same
// markup (docs/performance/site.md). So every value from the post is escaped here by hand, with
// escapeHtml; the tests feed it markup in keys, scalars, lists and maps.

// Every page labels the same few dozen keys: each is written once, escaped (bounded, since
// keys come from imported data).
const LABELS_KEPT = 1000
const labels = new Map<string, string>()
function label(key: string): string {
  let text = labels.get(key)
  if (text === undefined) {
    text = escapeHtml(keyToLabel(key))
    if (labels.size < LABELS_KEPT) labels.set(key, text)
  }
  return text
}

// Only plain web addresses become links; anything else (javascript:, data:) stays text.
const WEB_ADDRESS = /^https?:\/\/[^\s"'<>]+$/

function scalar(value: string | number): string {
  if (typeof value === 'number') return String(value)
  const text = escapeHtml(value)
  return WEB_ADDRESS.test(value)
    ? `<a href="${text}" rel="nofollow noopener noreferrer">${text}</a>`
    : text
}

function entry(key: string, value: MetaValue): string {
  const head = `<li><span class="meta-key">${label(key)}:</span>`
  if (Array.isArray(value) || isMetaMap(value)) return `${head}${valueMarkup(value)}</li>`
  return `${head} ${scalar(value)}</li>`
}

function valueMarkup(value: MetaValue): string {
  if (Array.isArray(value)) {
    let text = '<ul>'
    for (const item of value)
      text += isMetaMap(item)
        ? `<li class="meta-map">${valueMarkup(item)}</li>`
        : `<li>${valueMarkup(item)}</li>`
    return `${text}</ul>`
  }
  if (isMetaMap(value)) {
    let text = '<ul>'
    for (const key of Object.keys(value)) text += entry(key, value[key]!)
    return `${text}</ul>`
  }
  return scalar(value)
}

/**
 * A meta value as the page format lays it out: a scalar inline, a list as `<ul>`, a map as a
 * list of `label: value`, a list of maps as a list of such lists; deeper nesting recurses.
 */
export const metaValue = (value: MetaValue): Html => raw(valueMarkup(value))

/** The "alphanode post meta" box: every meta key in order, with its label. */
export function metaBox(meta: MetaMap): Html {
  let rows = ''
  for (const key of Object.keys(meta))
    rows += `<div class="meta-row" data-key="${escapeHtml(key)}"><dt>${label(key)}</dt><dd>${valueMarkup(meta[key]!)}</dd></div>`
  return html`<section class="post-meta" aria-labelledby="post-meta-heading">
<h2 id="post-meta-heading">alphanode post meta</h2>
<dl>${raw(rows)}</dl>
</section>`
}
