const MAX_TERMS = 12
const MAX_TERM_LENGTH = 64

/**
 * The words of what a person typed, as the full-text engines tokenize them (runs of letters
 * and digits, lowercased, accents kept for the engine to fold). Everything else, including
 * every operator of FTS5 and tsquery syntax, is a separator, so no input can be a query
 * expression: quotes, parentheses, NEAR, column filters, `*`, `^`, `-`, `:` all fall away.
 */
export function queryTerms(text: string): string[] {
  const terms: string[] = []
  for (const match of text
    .normalize('NFKC')
    .toLowerCase()
    .matchAll(/[\p{L}\p{N}]+/gu)) {
    const term = match[0].slice(0, MAX_TERM_LENGTH)
    if (!terms.includes(term)) terms.push(term)
    if (terms.length === MAX_TERMS) break
  }
  return terms
}

/** An FTS5 MATCH expression: every term as a quoted string, all required. */
export const fts5Expression = (terms: readonly string[]): string =>
  terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' ')
