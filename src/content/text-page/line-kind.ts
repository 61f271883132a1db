/**
 * How much a single line looks like a heading, a paragraph or code. A plain-text page does
 * not mark these apart, so the body parser picks the cheapest reading that fits the page's
 * structure; these costs are its only guesswork, kept in one place.
 */
export interface LineCosts {
  heading: number
  paragraph: number
  code: number
}

const SENTENCE_END = /[.!?:]["')\]]*$/
const CLAUSE_END = /[.,;:]["')\]]*$/
const COMMAND_OR_KEYWORD =
  /^(?:\$ |# |\/\/|--|#!|<\?php|<[a-zA-Z/!]|[A-Z][A-Z0-9_]*=|(?:npm|npx|yarn|pnpm|node|deno|bun|git|docker|kubectl|helm|curl|wget|wp|php|composer|python3?|pip3?|uv|poetry|go|cargo|make|sudo|cd|ls|cat|tail|grep|export|echo|psql|pg_dump|mysql|redis-cli|rails|bundle|rake|artisan|terraform|ansible|systemctl|journalctl|nginx|ssh|rsync|chmod|chown|mkdir|rm|cp|mv|tar|apt|apt-get|brew|EXPLAIN|SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|VACUUM|ANALYZE|const|let|var|function|import|def|class|return|package|func|fn|use|async|await|public|private|server|location|apiVersion|FROM|RUN|COPY|CMD|ENV|WORKDIR|EXPOSE)\b)/
const STRONG_CODE =
  /^\s|[;{}]\s*$|\(\)|\s=\s|=>|->|::|<\/|\/>|\$\(|^\w+\(.*\)$|^from [\w.]+ import |^import [\w{*'"]|^@\w|^#include|^(?:require|use) ['"\w]|\w\.\w+\.\w/
const WEAK_CODE = /[{}[\]<>$`\\|=]/

/** 0 prose, 1 some code characters, 2 almost surely code. */
export function codeStrength(text: string): 0 | 1 | 2 {
  const sentence = SENTENCE_END.test(text)
  if (STRONG_CODE.test(text)) return 2
  if (COMMAND_OR_KEYWORD.test(text)) return sentence ? 1 : 2
  return WEAK_CODE.test(text) ? 1 : 0
}

export function lineCosts(text: string): LineCosts {
  const words = text.trim().split(/\s+/).length
  const strength = codeStrength(text)
  const sentence = SENTENCE_END.test(text)
  return {
    heading:
      (/^\s/.test(text) ? 100 : 0) +
      (CLAUSE_END.test(text) ? 6 : 0) +
      (words > 12 ? 4 : 0) +
      strength * 3,
    paragraph: (sentence ? 0 : words >= 8 ? 1 : 3) + strength * 2,
    code: (strength === 2 ? 0 : strength === 1 ? 1 : 4) + (sentence && words >= 4 ? 3 : 0),
  }
}
