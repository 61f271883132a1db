/** Markup that is already safe to send: only `html` and `raw` make one. */
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
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

export type Html = SafeHtml | string | number | null | undefined | false | readonly Html[]

function render(value: Html): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(String(value))
}

/**
 * A template that escapes every interpolated value unless it is SafeHtml, so untrusted text
 * (titles, meta, queries) cannot become markup however a view is written. Arrays join,
 * and null, undefined and false render as nothing, for conditional parts.
 */
export function html(strings: TemplateStringsArray, ...values: Html[]): SafeHtml {
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!
  return new SafeHtml(out)
}

/** Trusted markup from our own code (never from data). */
export const raw = (markup: string): SafeHtml => new SafeHtml(markup)
