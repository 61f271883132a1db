import { fileURLToPath } from 'node:url'
import { CLI, measureNode } from './support/measure.ts'
import type { Benchmark } from './types.ts'

const FLOOR = fileURLToPath(new URL('./support/stringify-floor.ts', import.meta.url))
const MB = 1e6

export const synthBenchmark: Benchmark = {
  name: 'synth',
  async run({ scale }) {
    const floorCount = Math.min(scale, 100_000)
    const floor = JSON.parse(
      (await measureNode([FLOOR, String(floorCount)], { keepStdout: true })).stdout,
    ) as { posts: number; ms: number; bytes: number }
    const synth = await measureNode([CLI, 'synth', '--count', String(scale), '--out', '/dev/null'])
    const floorRate = floor.posts / (floor.ms / 1000)
    const synthRate = scale / (synth.wallMs / 1000)
    const bytesPerPost = floor.bytes / floor.posts
    return [
      {
        name: `synth ${scale.toLocaleString('en')} posts to /dev/null`,
        figure: synthRate,
        unit: 'posts/s',
        baselineName: `JSON.stringify of ${floorCount.toLocaleString('en')} built posts`,
        baseline: floorRate,
        goal: { ratioAtLeast: 0.5 },
        notes: `${((synthRate * bytesPerPost) / MB).toFixed(0)} MB/s vs ${((floorRate * bytesPerPost) / MB).toFixed(0)} MB/s`,
      },
      {
        name: `synth ${scale.toLocaleString('en')} posts: wall time`,
        figure: synth.wallMs / 1000,
        unit: 's',
        goal: scale >= 1_000_000 ? { atMost: 30 } : undefined,
        notes: `cpu ${(synth.cpuMs / 1000).toFixed(1)} s over ${(synth.cpuMs / synth.wallMs).toFixed(2)} cores`,
      },
      {
        name: `synth ${scale.toLocaleString('en')} posts: peak memory`,
        figure: synth.maxRssMb,
        unit: 'MB',
        goal: { atMost: 200 },
      },
    ]
  },
}
