import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { CLI, measureNode } from './support/measure.ts'
import type { Benchmark, BenchResult } from './types.ts'

const FLOOR = fileURLToPath(new URL('./support/raw-insert-floor.ts', import.meta.url))
const POSTGRES =
  process.env.ALPHANODE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export const importBenchmark: Benchmark = {
  name: 'import',
  async run({ scale }) {
    const dir = mkdtempSync(join(tmpdir(), 'alphanode-bench-import-'))
    const input = join(dir, 'posts.ndjson')
    await measureNode([CLI, 'synth', '--count', String(scale), '--out', input])
    const floor = JSON.parse(
      (await measureNode([FLOOR, input, join(dir, 'floor.db')], { keepStdout: true })).stdout,
    ) as { rows: number; ms: number }
    const floorRate = floor.rows / (floor.ms / 1000)
    const results: BenchResult[] = []
    const label = scale.toLocaleString('en')
    const sqlite = `sqlite:${join(dir, 'alphanode.db')}`
    const first = await measureNode([CLI, 'import', '--db', sqlite, input], {
      env: { ALPHANODE_LOG_LEVEL: 'warn' },
    })
    const again = await measureNode([CLI, 'import', '--db', sqlite, input], {
      env: { ALPHANODE_LOG_LEVEL: 'warn' },
    })
    const firstRate = scale / (first.wallMs / 1000)
    const againRate = scale / (again.wallMs / 1000)
    results.push(
      {
        name: `import ${label} posts into SQLite (indexes and full text)`,
        figure: firstRate,
        unit: 'posts/s',
        baselineName: 'raw better-sqlite3 inserts, one table, no index',
        baseline: floorRate,
        notes: `${(first.wallMs / 1000).toFixed(1)} s; a million at this rate: ${(1e6 / firstRate / 60).toFixed(1)} min`,
      },
      {
        name: `import ${label} posts into SQLite: peak memory`,
        figure: first.maxRssMb,
        unit: 'MB',
        goal: { atMost: 300 },
      },
      {
        name: `re-import of the unchanged ${label} (SQLite)`,
        figure: againRate,
        unit: 'posts/s',
        baselineName: 'the first import',
        baseline: firstRate,
        goal: { ratioAtLeast: 10 },
      },
    )
    if (scale >= 1_000_000)
      results.push({
        name: 'import 1,000,000 posts into SQLite: wall time',
        figure: first.wallMs / 1000,
        unit: 's',
        goal: { atMost: 180 },
      })

    const database = `alphanode_bench_${process.pid}`
    const admin = new pg.Client({ connectionString: POSTGRES })
    try {
      await admin.connect()
      await admin.query(`create database ${database}`)
      const url = POSTGRES.replace(/\/[^/]*$/, `/${database}`)
      const pgFirst = await measureNode([CLI, 'import', '--db', url, input], {
        env: { ALPHANODE_LOG_LEVEL: 'warn' },
      })
      const pgAgain = await measureNode([CLI, 'import', '--db', url, input], {
        env: { ALPHANODE_LOG_LEVEL: 'warn' },
      })
      const pgRate = scale / (pgFirst.wallMs / 1000)
      results.push(
        {
          name: `import ${label} posts into PostgreSQL`,
          figure: pgRate,
          unit: 'posts/s',
          baselineName: 'raw better-sqlite3 floor',
          baseline: floorRate,
          notes: `${(pgFirst.wallMs / 1000).toFixed(1)} s, importer ${pgFirst.maxRssMb.toFixed(0)} MB`,
        },
        {
          name: `re-import of the unchanged ${label} (PostgreSQL)`,
          figure: scale / (pgAgain.wallMs / 1000),
          unit: 'posts/s',
          baselineName: 'the first import',
          baseline: pgRate,
          goal: { ratioAtLeast: 10 },
        },
      )
      await admin.query(`drop database ${database} with (force)`)
    } catch (error) {
      results.push({
        name: 'import into PostgreSQL',
        figure: Number.NaN,
        unit: '',
        notes: `not measured: ${(error as Error).message}`,
      })
    } finally {
      await admin.end().catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    }
    return results
  },
}
