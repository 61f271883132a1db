import { isMetaMap, keyToLabel, type MetaMap, type MetaValue } from '../../content/index.ts'
import { type Html, html } from '../html.ts'

// Every page labels the same few dozen keys: each is written once (bounded, since keys come
// from imported data).
const LABELS_KEPT = 1000
const labels = new Map<string, string>()
function label(key: string): string {
  let text = labels.get(key)
  if (text === undefined) {
    text = keyToLabel(key)
    if (labels.size < LABELS_KEPT) labels.set(key, text)
  }
  return text
}

// Only plain web addresses become links; anything else (javascript:, data:) stays text.
const WEB_ADDRESS = /^https?:\/\/[^\s"'<>]+$/

function scalar(value: string | number): Html {
  if (typeof value === 'string' && WEB_ADDRESS.test(value))
    return html`<a href="${value}" rel="nofollow noopener noreferrer">${value}</a>`
  return String(value)
}

function entry(key: string, value: MetaValue): Html {
  if (Array.isArray(value) || isMetaMap(value))
    return html`<li><span class="meta-key">${label(key)}:</span>${metaValue(value)}</li>`
  return html`<li><span class="meta-key">${label(key)}:</span> ${scalar(value)}</li>`
}

/**
 * A meta value as the page format lays it out: a scalar inline, a list as `<ul>`, a map as a
 * list of `label: value`, a list of maps as a list of such lists; deeper nesting recurses.
 */
export function metaValue(value: MetaValue): Html {
  if (Array.isArray(value)) {
    return html`<ul>${value.map((item) =>
      isMetaMap(item)
        ? html`<li class="meta-map">${metaValue(item)}</li>`
        : html`<li>${metaValue(item)}</li>`,
    )}</ul>`
  }
  if (isMetaMap(value)) return html`<ul>${Object.entries(value).map(([k, v]) => entry(k, v))}</ul>`
  return scalar(value)
}

/** The "alphanode post meta" box: every meta key in order, with its label. */
export function metaBox(meta: MetaMap): Html {
  return html`<section class="post-meta" aria-labelledby="post-meta-heading">
<h2 id="post-meta-heading">alphanode post meta</h2>
<dl>${Object.entries(meta).map(
    ([key, value]) =>
      html`<div class="meta-row" data-key="${key}"><dt>${label(key)}</dt><dd>${metaValue(value)}</dd></div>`,
  )}</dl>
</section>`
}
