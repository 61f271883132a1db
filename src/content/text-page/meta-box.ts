import { AppError } from '../../errors.ts'
import { KNOWN_META_LABELS, keyToLabel, labelToKey, META_LABEL_PATTERN } from '../meta-labels.ts'
import { isMetaMap, isScalar, type MetaMap, type MetaScalar, type MetaValue } from '../post.ts'

const ITEM = '  • '
const NESTED_ITEM = '    • '
const ENTRY = /^([a-z][a-z0-9]*(?: [a-z0-9]+)*): (.*)$/s

/** Lines of the post meta box, one group per key, in the meta's own order. */
export function writeMetaBox(meta: MetaMap): string[] {
  const out: string[] = []
  for (const [key, value] of Object.entries(meta)) {
    const label = keyToLabel(key)
    if (isScalar(value)) {
      out.push(`${label}${value}`)
    } else if (Array.isArray(value)) {
      out.push(label)
      if (value.length > 0 && value.every(isMetaMap)) {
        for (const map of value) out.push(...entryLines(map, NESTED_ITEM))
      } else {
        for (const item of value) out.push(`${ITEM}${scalarText(item)}`)
      }
    } else {
      out.push(label, ...entryLines(value, ITEM))
    }
  }
  return out
}

const entryLines = (map: MetaMap, prefix: string): string[] =>
  Object.entries(map).map(([key, value]) => `${prefix}${keyToLabel(key)}: ${scalarText(value)}`)

// Deeper nesting has no plain-text form; it is written as JSON so nothing is silently
// dropped, and a strict write reports it as not representable.
const scalarText = (value: MetaValue): string =>
  isScalar(value) ? String(value) : JSON.stringify(value)

/** Digits with no leading zero that fit a safe integer are numbers; all else is text. */
export function parseScalar(text: string): MetaScalar {
  if (/^(?:0|[1-9][0-9]{0,15})$/.test(text)) {
    const n = Number(text)
    if (Number.isSafeInteger(n)) return n
  }
  return text
}

export interface MetaBoxOptions {
  /** Labels beyond the known ones that a scalar line may start with. */
  labels?: Iterable<string>
}

/**
 * Reads the meta box lines. `firstLine` is the 1-based page line of `lines[0]`, so errors
 * name the page line.
 */
export function readMetaBox(
  lines: string[],
  firstLine: number,
  options: MetaBoxOptions = {},
): MetaMap {
  const scalarLabels = labelsLongestFirst(options.labels)
  const meta: MetaMap = {}
  let i = 0
  while (i < lines.length) {
    const text = lines[i]!
    const lineNo = firstLine + i
    if (text.startsWith(' ')) {
      const what = text.trimStart().startsWith('•')
        ? 'a list item outside a list'
        : 'an indented line'
      throw new AppError(
        'PAGE_SYNTAX',
        `${what}: expected a meta label first (got ${quote(text)})`,
        {
          line: lineNo,
        },
      )
    }
    let end = i + 1
    while (end < lines.length && lines[end]!.startsWith(' ')) end++
    const items = lines.slice(i + 1, end)
    let key: string
    let value: MetaValue
    if (items.length > 0) {
      key = keyOfLabel(text, lineNo, scalarLabels)
      value = readItems(items, lineNo + 1)
    } else if (scalarLabels.includes(text)) {
      key = labelToKey(text)
      value = []
    } else {
      const label = scalarLabels.find((known) => text.startsWith(known))
      if (label === undefined) {
        throw new AppError(
          'PAGE_SYNTAX',
          `unknown meta label in ${quote(text)}: a scalar line must start with a known label (${KNOWN_META_LABELS.join(', ')})`,
          { line: lineNo },
        )
      }
      key = labelToKey(label)
      value = parseScalar(text.slice(label.length))
    }
    if (Object.hasOwn(meta, key)) {
      throw new AppError('PAGE_SYNTAX', `meta label ${quote(keyToLabel(key))} appears twice`, {
        line: lineNo,
      })
    }
    meta[key] = value
    i = end
  }
  return meta
}

function labelsLongestFirst(extra: Iterable<string> | undefined): string[] {
  const all = new Set([...KNOWN_META_LABELS, ...(extra ?? [])])
  return [...all].sort((a, b) => b.length - a.length)
}

// A line that is a known label glued to more text (`difficultyintermediate`) is a scalar,
// so items under it stand outside any list.
function keyOfLabel(text: string, lineNo: number, scalarLabels: readonly string[]): string {
  const glued = scalarLabels.find(
    (known) => text.startsWith(known) && /^[^ ]/.test(text.slice(known.length)),
  )
  if (!META_LABEL_PATTERN.test(text) || (glued !== undefined && !scalarLabels.includes(text))) {
    throw new AppError(
      'PAGE_SYNTAX',
      `a list item outside a list: the line above it, ${quote(text)}, is a scalar (label and value), not a list label`,
      { line: lineNo + 1 },
    )
  }
  return labelToKey(text)
}

function readItems(items: string[], firstLine: number): MetaValue {
  const nested = items[0]!.startsWith(NESTED_ITEM)
  const prefix = nested ? NESTED_ITEM : ITEM
  const texts = items.map((item, k) => {
    if (!item.startsWith(prefix) || (!nested && item.startsWith(NESTED_ITEM))) {
      throw new AppError(
        'PAGE_SYNTAX',
        `expected ${quote(prefix)} like the item above it (one label holds either 2-space or 4-space items), got ${quote(item)}`,
        { line: firstLine + k },
      )
    }
    return item.slice(prefix.length)
  })
  if (nested) return readListOfMaps(texts, firstLine)
  const entries = texts.map((text) => ENTRY.exec(text))
  const labels = entries.map((match) => match?.[1])
  const isMap = entries.every(Boolean) && new Set(labels).size === labels.length
  if (!isMap) return texts.map(parseScalar)
  const map: MetaMap = {}
  for (const match of entries) map[labelToKey(match![1]!)] = parseScalar(match![2]!)
  return map
}

// Maps follow one another with no separator: a map ends where its first key comes again.
function readListOfMaps(texts: string[], firstLine: number): MetaMap[] {
  const maps: MetaMap[] = []
  let current: MetaMap | undefined
  texts.forEach((text, k) => {
    const match = ENTRY.exec(text)
    if (!match) {
      throw new AppError(
        'PAGE_SYNTAX',
        `expected "    • <label>: <value>" in a list of maps, got ${quote(text)}`,
        {
          line: firstLine + k,
        },
      )
    }
    const key = labelToKey(match[1]!)
    if (!current || Object.hasOwn(current, key)) {
      current = {}
      maps.push(current)
    }
    current[key] = parseScalar(match[2]!)
  })
  return maps
}

const quote = (text: string): string =>
  JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)
