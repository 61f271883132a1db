import { fileURLToPath } from 'node:url'
import { measureNode } from './support/measure.ts'
import { preparedDatabase } from './support/prepared-database.ts'
import type { Benchmark } from './types.ts'

const LATENCY = fileURLToPath(new URL('./support/search-latency.ts', import.meta.url))

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

export const searchBenchmark: Benchmark = {
  name: 'search',
  async run({ scale }) {
    const count = scale
    const url = await preparedDatabase(count)
    const timings = JSON.parse(
      (await measureNode([LATENCY, url, '20'], { keepStdout: true })).stdout,
    ) as Record<string, number[]>
    const like = percentile(timings.like!, 50)
    const label = `${count.toLocaleString('en')} posts`
    const kinds = [
      ['one word', timings.one!, 20],
      ['two words', timings.two!, 20],
      ['filtered', timings.filtered!, 50],
    ] as const
    return kinds.map(([kind, values, goal]) => ({
      name: `search p95, ${kind} (${label})`,
      figure: percentile([...values], 95),
      unit: 'ms',
      baselineName: "LIKE '%word%' scan, median",
      baseline: like,
      goal: { atMost: goal },
      notes: `p50 ${percentile([...values], 50).toFixed(2)} ms`,
    }))
  },
}
