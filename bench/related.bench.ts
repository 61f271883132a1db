import { fileURLToPath } from 'node:url'
import { CLI, measureNode } from './support/measure.ts'
import { forgetStoredFeatures, preparedDatabase } from './support/prepared-database.ts'
import { relatedUpdateAfterImport } from './support/related-update.ts'
import type { Benchmark } from './types.ts'

const QUALITY = fileURLToPath(new URL('./support/related-quality.ts', import.meta.url))
// Brute force compares every pair: its baseline is timed on this many posts at most.
const BRUTE_SCALE = 10_000

interface Quality {
  recall: number
  exactMsPerPost: number
  bruteMsPerPost?: number
}

const quality = async (url: string, brute: boolean): Promise<Quality> =>
  JSON.parse(
    (await measureNode([QUALITY, url, '200', ...(brute ? ['--brute'] : [])], { keepStdout: true }))
      .stdout,
  ) as Quality

export const relatedBenchmark: Benchmark = {
  name: 'related',
  async run({ scale }) {
    const url = await preparedDatabase(scale)
    // From scratch, as after a first import: every document read for its features.
    await forgetStoredFeatures(url)
    const rebuildCommand = [CLI, 'related', 'rebuild', '--db', url]
    const quiet = { env: { ALPHANODE_LOG_LEVEL: 'warn' } }
    const rebuild = await measureNode(rebuildCommand, quiet)
    // Again, with every post's features stored: what a nightly rebuild costs.
    const again = await measureNode(rebuildCommand, quiet)
    const measured = await quality(url, scale <= BRUTE_SCALE)
    const bruteMsPerPost =
      measured.bruteMsPerPost ??
      (await quality(await preparedDatabase(BRUTE_SCALE), true)).bruteMsPerPost!
    const update = await relatedUpdateAfterImport(scale)
    const label = `${scale.toLocaleString('en')} posts`
    const perPost = rebuild.wallMs / scale
    return [
      {
        name: `Similar Posts rebuild, per post (${label})`,
        figure: perPost,
        unit: 'ms',
        baselineName: `brute-force exact top-5, per post (${Math.min(scale, BRUTE_SCALE).toLocaleString('en')} posts)`,
        baseline: bruteMsPerPost,
        notes: `whole rebuild ${(rebuild.wallMs / 1000).toFixed(1)} s, ${rebuild.maxRssMb.toFixed(0)} MB, or ${(again.wallMs / 1000).toFixed(1)} s with the features stored; a million at this rate: ${((perPost * 1e6) / 60000).toFixed(1)} min (goal < 2); exact scoring of every post sharing a feature: ${measured.exactMsPerPost.toFixed(2)} ms a post`,
      },
      {
        name: `Similar Posts update, ${update.posts.toLocaleString('en')} new posts into ${update.archive.toLocaleString('en')}`,
        figure: update.updateMs / 1000,
        unit: 's',
        baselineName: 'the whole rebuild, same run',
        baseline: rebuild.wallMs / 1000,
        goal: { atMost: 5 },
        notes: `${update.lists.toLocaleString('en')} lists rewritten; the whole import ${(update.importMs / 1000).toFixed(1)} s at ${update.maxRssMb.toFixed(0)} MB`,
      },
      {
        name: `Similar Posts recall@5 vs the exact top-5 (${label}, 200 sampled)`,
        figure: measured.recall,
        unit: '',
        goal: { atLeast: 0.95 },
      },
    ]
  },
}
