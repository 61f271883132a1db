/**
 * The synthesizer's seeded PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator,
 * as in PractRand), its 128-bit state filled by splitmix32 from the seed. Only 32-bit integer
 * operations, so every machine and every Node release draws the same numbers. Never
 * Math.random, never transcendental Math functions (their last bits may differ by platform).
 */
export interface Random {
  /** A uniform 32-bit unsigned integer. */
  uint32(): number
  /** A whole number in [min, max]. */
  int(min: number, max: number): number
  /** True with probability `percent` / 100. */
  percent(percent: number): boolean
  pick<T>(items: readonly T[]): T
  /** Picks by integer weights: `[[item, weight], ...]`. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T
  /** `count` distinct items, in a random order. */
  sample<T>(items: readonly T[], count: number): T[]
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
    return (z ^ (z >>> 15)) >>> 0
  }
}

export function createRandom(seed: number): Random {
  const init = splitmix32(seed)
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < 12; i++) uint32()

  // Rejection sampling keeps every value in the range equally likely.
  const below = (n: number): number => {
    const limit = 0x100000000 - (0x100000000 % n)
    let x = uint32()
    while (x >= limit) x = uint32()
    return x % n
  }
  const int = (min: number, max: number): number => min + below(max - min + 1)
  const pick = <T>(items: readonly T[]): T => items[below(items.length)]!
  return {
    uint32,
    int,
    pick,
    percent: (percent) => below(100) < percent,
    weighted: (items) => {
      let total = 0
      for (const [, weight] of items) total += weight
      let roll = below(total)
      for (const [item, weight] of items) {
        if (roll < weight) return item
        roll -= weight
      }
      return items[items.length - 1]![0]
    },
    sample: (items, count) => {
      const pool = [...items]
      for (let i = 0; i < count && i < pool.length; i++) {
        const j = i + below(pool.length - i)
        ;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
      }
      return pool.slice(0, count)
    },
  }
}
