import { existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrateToLatest, openStore } from '../../src/store/index.ts'
import { CLI, measureNode } from './measure.ts'

/**
 * A SQLite database holding `count` synthesized posts, imported once by the real CLI and
 * kept in the temp folder for the benchmarks that only read it (search, Similar Posts, the
 * site); with `related`, their Similar Posts computed once too.
 */
export async function preparedDatabase(
  count: number,
  options: { related?: boolean } = {},
): Promise<string> {
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
  const related = `${file}.related`
  if (options.related && !existsSync(related)) {
    await measureNode([CLI, 'related', 'rebuild', '--db', `sqlite:${file}`], {
      env: { ALPHANODE_LOG_LEVEL: 'warn' },
    })
    mkdirSync(related)
  }
  return `sqlite:${file}`
}

/** Empties the stored Similar Posts features, so the next rebuild extracts them all again. */
export async function forgetStoredFeatures(url: string): Promise<void> {
  const store = openStore(url)
  try {
    await migrateToLatest(store)
    await store.db.deleteFrom('post_features').execute()
  } finally {
    await store.close()
  }
}
