import { existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CLI, measureNode } from './measure.ts'

/**
 * A SQLite database holding `count` synthesized posts, imported once by the real CLI and
 * kept in the temp folder for the benchmarks that only read it (search, Similar Posts).
 */
export async function preparedDatabase(count: number): Promise<string> {
  const dir = join(tmpdir(), 'alphanode-bench-data')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `posts-${count}.db`)
  const done = `${file}.complete`
  if (!existsSync(done)) {
    const input = join(dir, `posts-${count}.ndjson`)
    await measureNode([CLI, 'synth', '--count', String(count), '--out', input])
    await measureNode([CLI, 'import', '--db', `sqlite:${file}`, input], {
      env: { ALPHANODE_LOG_LEVEL: 'warn' },
    })
    mkdirSync(done)
  }
  return `sqlite:${file}`
}
