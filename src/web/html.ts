/**
 * Markup that is already safe to send: only `html` and `raw` make one. A template keeps its
 * pieces and is joined once, when a page reads `value`: joining at every level of nesting
 * copied each fragment's text once per level it sat under.
 */
export class SafeHtml {
  #value: string | undefined
  readonly #strings: readonly string[] | undefined
  readonly #values: readonly Html[] | undefined
  constructor(value: string)
  constructor(strings: readonly string[], values: readonly Html[])
  constructor(value: string | readonly string[], values?: readonly Html[]) {
    if (typeof value === 'string') this.#value = value
    else {
      this.#strings = value
      this.#values = values
    }
  }
  get value(): string {
    if (this.#value === undefined) {
      const parts: string[] = []
      this.appendTo(parts)
      this.#value = parts.join('')
    }
    return this.#value
  }
  toString(): string {
    return this.value
  }
  /** Writes this markup's pieces, escaping its text, onto the parts a page is joined from. */
  appendTo(parts: string[]): void {
    if (this.#value !== undefined) {
      parts.push(this.#value)
      return
    }
    const strings = this.#strings!
    const values = this.#values!
    parts.push(strings[0]!)
    for (let i = 0; i < values.length; i++) {
      render(values[i]!, parts)
      parts.push(strings[i + 1]!)
    }
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

function render(value: Html, parts: string[]): void {
  if (typeof value === 'string') parts.push(escapeHtml(value))
  else if (value instanceof SafeHtml) value.appendTo(parts)
  else if (typeof value === 'number') parts.push(String(value))
  else if (value === null || value === undefined || value === false) return
  else for (const item of value as readonly Html[]) render(item, parts)
}

/**
 * A template that escapes every interpolated value unless it is SafeHtml, so untrusted text
 * (titles, meta, queries) cannot become markup however a view is written. Arrays join,
 * and null, undefined and false render as nothing, for conditional parts.
 */
export function html(strings: TemplateStringsArray, ...values: Html[]): SafeHtml {
  return new SafeHtml(strings, values)
}

/** Trusted markup from our own code (never from data). */
export const raw = (markup: string): SafeHtml => new SafeHtml(markup)
