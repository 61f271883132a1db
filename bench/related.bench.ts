import { fileURLToPath } from 'node:url'
import { CLI, measureNode } from './support/measure.ts'
import { preparedDatabase } from './support/prepared-database.ts'
import type { Benchmark } from './types.ts'

const QUALITY = fileURLToPath(new URL('./support/related-quality.ts', import.meta.url))

export const relatedBenchmark: Benchmark = {
  name: 'related',
  async run({ scale }) {
    const count = Math.min(scale, 10_000)
    const url = await preparedDatabase(count)
    const rebuild = await measureNode([CLI, 'related', 'rebuild', '--db', url], {
      env: { ALPHANODE_LOG_LEVEL: 'warn' },
    })
    const quality = JSON.parse(
      (await measureNode([QUALITY, url, '200'], { keepStdout: true })).stdout,
    ) as { recall: number; bruteMsPerPost: number }
    const label = `${count.toLocaleString('en')} posts`
    const perPost = rebuild.wallMs / count
    return [
      {
        name: `Similar Posts rebuild, per post (${label})`,
        figure: perPost,
        unit: 'ms',
        baselineName: 'brute-force exact top-5, per post',
        baseline: quality.bruteMsPerPost,
        notes: `whole rebuild ${(rebuild.wallMs / 1000).toFixed(1)} s, ${rebuild.maxRssMb.toFixed(0)} MB; a million at this rate: ${((perPost * 1e6) / 60000).toFixed(0)} min (goal < 2)`,
      },
      {
        name: `Similar Posts recall@5 vs brute force (${label}, 200 sampled)`,
        figure: quality.recall,
        unit: '',
        goal: { atLeast: 0.95 },
      },
    ]
  },
}
