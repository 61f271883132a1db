/**
 * The path of the first place two JSON-like values differ (key order counts, as meta key
 * order is display order), or undefined when they are the same.
 */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (Object.is(a, b)) return undefined
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length)
    for (let i = 0; i < n; i++) {
      const found = firstDifference(a[i], b[i], `${path}[${i}]`)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keysA = Object.keys(a).filter((k) => a[k] !== undefined)
    const keysB = Object.keys(b).filter((k) => b[k] !== undefined)
    const n = Math.max(keysA.length, keysB.length)
    for (let i = 0; i < n; i++) {
      const key = keysA[i] ?? keysB[i]!
      const child = path ? `${path}.${key}` : key
      if (keysA[i] !== keysB[i]) return child
      const found = firstDifference(a[key], b[key], child)
      if (found !== undefined) return found
    }
    return undefined
  }
  return path || '(the whole value)'
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Reads a JSON-like value at a path made by firstDifference. */
export function valueAt(value: unknown, path: string): unknown {
  let current = value
  for (const [, key, index] of path.matchAll(/\.?([^.[\]]+)|\[(\d+)\]/g)) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[key ?? index!]
  }
  return current
}
