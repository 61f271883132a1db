// npm run bench [-- --scale N] [--only NAME]: runs every benchmark, prints each figure beside
// its baseline measured in the same run, ends with one table, and writes a JSON report.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { importBenchmark } from './import.bench.ts'
import { relatedBenchmark } from './related.bench.ts'
import { searchBenchmark } from './search.bench.ts'
import { siteBenchmark } from './site.bench.ts'
import { synthBenchmark } from './synth.bench.ts'
import type { Benchmark, BenchResult, Goal } from './types.ts'

const BENCHMARKS: Benchmark[] = [
  synthBenchmark,
  importBenchmark,
  searchBenchmark,
  relatedBenchmark,
  siteBenchmark,
]
const QUICK_SCALE = 100_000

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: String(QUICK_SCALE) },
    only: { type: 'string' },
  },
})
const scale = Number(values.scale)
if (!Number.isInteger(scale) || scale < 1 || scale > 1_000_000) {
  console.error('--scale must be a whole number of posts in 1..1000000')
  process.exit(2)
}

const results: Array<BenchResult & { benchmark: string; ratio?: number; met?: boolean }> = []
for (const benchmark of BENCHMARKS.filter((b) => !values.only || b.name === values.only)) {
  process.stdout.write(`\n# ${benchmark.name} (scale ${scale.toLocaleString('en')})\n`)
  for (const result of await benchmark.run({ scale })) {
    const ratio = result.baseline === undefined ? undefined : result.figure / result.baseline
    const row = {
      ...result,
      benchmark: benchmark.name,
      ratio,
      met: judge(result.goal, result.figure, ratio),
    }
    results.push(row)
    process.stdout.write(`${row.name}: ${fmt(row.figure)} ${row.unit}`)
    if (row.baseline !== undefined)
      process.stdout.write(
        ` | baseline (${row.baselineName}): ${fmt(row.baseline)} ${row.unit} | ratio ${fmtRatio(ratio!, row.goal)}`,
      )
    process.stdout.write(`${row.notes ? ` | ${row.notes}` : ''}\n`)
  }
}

const header = ['benchmark', 'figure', 'baseline', 'ratio', 'goal', 'met']
const rows = results.map((r) => [
  r.name,
  `${fmt(r.figure)} ${r.unit}`,
  r.baseline === undefined ? '' : `${fmt(r.baseline)} ${r.unit}`,
  r.ratio === undefined ? '' : fmtRatio(r.ratio, r.goal),
  describeGoal(r.goal, r.unit),
  r.met === undefined ? '' : r.met ? 'yes' : 'NO',
])
const widths = header.map((_, i) =>
  Math.max(header[i]!.length, ...rows.map((row) => row[i]!.length)),
)
const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')
process.stdout.write(
  `\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map(line).join('\n')}\n`,
)

const report = {
  date: new Date().toISOString(),
  scale,
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  results,
}
const dir = new URL('./results/', import.meta.url)
mkdirSync(dir, { recursive: true })
const file = new URL(`bench-${report.date.replace(/[:.]/g, '-')}.json`, dir)
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
writeFileSync(new URL('latest.json', dir), `${JSON.stringify(report, null, 2)}\n`)
process.stdout.write(`\nreport: ${file.pathname}\n`)

function judge(
  goal: Goal | undefined,
  figure: number,
  ratio: number | undefined,
): boolean | undefined {
  if (!goal) return undefined
  if (goal.ratioAtLeast !== undefined && (ratio === undefined || ratio < goal.ratioAtLeast))
    return false
  if (goal.atMost !== undefined && figure > goal.atMost) return false
  if (goal.atLeast !== undefined && figure < goal.atLeast) return false
  return true
}

function describeGoal(goal: Goal | undefined, unit: string): string {
  if (!goal) return ''
  const parts: string[] = []
  if (goal.ratioAtLeast !== undefined) parts.push(`ratio >= ${goal.ratioAtLeast}`)
  if (goal.atMost !== undefined) parts.push(`<= ${goal.atMost} ${unit}`)
  if (goal.atLeast !== undefined) parts.push(`>= ${goal.atLeast} ${unit}`)
  return parts.join(', ')
}

// 0.397 against a goal of 0.4 printed as "0.40 ... NO" reads as a bug in the judge.
function fmtRatio(ratio: number, goal: Goal | undefined): string {
  const short = ratio.toFixed(2)
  const target = goal?.ratioAtLeast
  return target !== undefined && ratio < target && Number(short) >= target
    ? ratio.toFixed(3)
    : short
}

function fmt(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(2)
}
