import { parse, stringify } from 'yaml'
import { AppError } from '../../errors.ts'
import { META_KEY_PATTERN } from '../meta-labels.ts'
import type { MetaMap, MetaValue } from '../post.ts'

const FENCE = /^---[ \t]*$/

/** Splits `---` YAML front matter from the body; `bodyLine` is the body's first line (1-based). */
export function splitFrontMatter(text: string): {
  data: Record<string, unknown>
  body: string
  bodyLine: number
} {
  const lines = text.split('\n')
  if (!FENCE.test(lines[0] ?? '')) return { data: {}, body: text, bodyLine: 1 }
  const close = lines.findIndex((line, i) => i > 0 && (FENCE.test(line) || line === '...'))
  if (close === -1)
    throw new AppError('PAGE_SYNTAX', 'front matter opened with "---" is never closed', { line: 1 })
  let data: unknown
  try {
    data = parse(lines.slice(1, close).join('\n'), { schema: 'core', uniqueKeys: true }) ?? {}
  } catch (error) {
    const at = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line
    throw new AppError(
      'PAGE_SYNTAX',
      `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
      {
        line: at === undefined ? 2 : at + 1,
      },
    )
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new AppError('PAGE_SYNTAX', 'expected front matter to be a YAML map of keys to values', {
      line: 2,
    })
  }
  return {
    data: data as Record<string, unknown>,
    body: lines.slice(close + 1).join('\n'),
    bodyLine: close + 2,
  }
}

export function writeFrontMatter(meta: MetaMap): string {
  if (Object.keys(meta).length === 0) return '---\n---\n'
  return `---\n${stringify(meta, { lineWidth: 0, minContentWidth: 0 })}---\n`
}

/**
 * Front matter from other tools as meta: keys to snake_case (`heroImage` -> `hero_image`),
 * booleans to 1/0 as in `flags`, dates to ISO text, nulls dropped.
 */
export function toMeta(data: Record<string, unknown>): MetaMap {
  const meta: MetaMap = {}
  for (const [key, value] of Object.entries(data)) {
    const converted = toMetaValue(value)
    if (converted !== undefined) meta[snakeCase(key)] = converted
  }
  return meta
}

function toMetaValue(value: unknown): MetaValue | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'string' || typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(toMetaValue).filter((item) => item !== undefined)
  if (typeof value === 'object') return toMeta(value as Record<string, unknown>)
  return String(value)
}

export function snakeCase(key: string): string {
  if (META_KEY_PATTERN.test(key)) return key
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
  return /^[a-z]/.test(snake) ? snake : `k_${snake || 'key'}`
}
