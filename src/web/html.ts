/**
 * Markup that is already safe to send: only `html` and `raw` make one. A template's text is
 * concatenated as it is built: V8 joins two strings by pointing at both (a rope), so nesting
 * copies nothing, and the page is copied flat once, where it is first read whole (the ETag's
 * hash or the socket). Keeping each template's pieces and joining the page at the end, as
 * this did before, cost about 8 µs more a page (docs/performance/site.md).
 */
export class SafeHtml {
  readonly value: string
  constructor(value: string) {
    this.value = value
  }
  toString(): string {
    return this.value
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text as HTML text or a quoted attribute value. */
const SPECIAL = /[&<>"']/
const SPECIALS = /[&<>"']/g

// Most text has nothing to escape: testing first spares building a copy of it.
export const escapeHtml = (text: string): string =>
  SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]!) : text

export type Html = SafeHtml | string | number | null | undefined | false | readonly Html[]

function markup(value: Html): string {
  if (typeof value === 'string') return escapeHtml(value)
  if (value instanceof SafeHtml) return value.value
  if (typeof value === 'number') return String(value)
  if (value === null || value === undefined || value === false) return ''
  let text = ''
  for (const item of value as readonly Html[]) text += markup(item)
  return text
}

/**
 * A template that escapes every interpolated value unless it is SafeHtml, so untrusted text
 * (titles, meta, queries) cannot become markup however a view is written. Arrays join,
 * and null, undefined and false render as nothing, for conditional parts.
 */
export function html(strings: TemplateStringsArray, ...values: Html[]): SafeHtml {
  let text = strings[0]!
  for (let i = 0; i < values.length; i++) text += markup(values[i]!) + strings[i + 1]!
  return new SafeHtml(text)
}

/** Trusted markup from our own code (never from data). */
export const raw = (markup: string): SafeHtml => new SafeHtml(markup)
