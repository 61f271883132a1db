// Times a fixed query set against a database in this process: full-text search, and the
// LIKE '%word%' scan it replaces. Prints JSON: milliseconds per query, by kind.
import { sql } from 'kysely'
import { createSearch } from '../../src/search/index.ts'
import { openStore } from '../../src/store/index.ts'

const url = process.argv[2]!
const store = openStore(url)
const search = createSearch(store)
const ONE = [
  'cache',
  'rollback',
  'idempotent',
  'monitoring',
  'queries',
  'kubernetes',
  'fastapi',
  'sitemaps',
  'secrets',
  'latency',
]
const TWO = [
  'cache headers',
  'query plan',
  'rollback command',
  'traffic spikes',
  'connection pools',
  'zero downtime',
  'background jobs',
  'request id',
  'staging config',
  'memory growth',
]
const FILTERED: Array<[string, Record<string, string>]> = [
  ['cache', { stack: 'go services' }],
  ['rollback', { difficulty: 'advanced' }],
  ['queries', { tool: 'pytest' }],
  ['logs', { stack: 'rails apps', difficulty: 'beginner' }],
  ['deploy', { tool: 'helm' }],
]
const rounds = Number(process.argv[3] ?? 20)

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await run()
  return performance.now() - started
}

const timings: Record<string, number[]> = { one: [], two: [], filtered: [], like: [] }
for (const text of [...ONE, ...TWO]) await search.search({ text })
for (let round = 0; round < rounds; round++) {
  for (const text of ONE) timings.one!.push(await time(() => search.search({ text })))
  for (const text of TWO) timings.two!.push(await time(() => search.search({ text })))
  for (const [text, filters] of FILTERED)
    timings.filtered!.push(await time(() => search.search({ text, filters })))
}
for (const word of ONE.slice(0, 3)) {
  timings.like!.push(
    await time(() =>
      sql`select id, slug, title from posts where document like ${`%${word}%`} limit 20 offset 0`.execute(
        store.db,
      ),
    ),
    await time(() =>
      sql`select count(*) from posts where document like ${`%${word}%`}`.execute(store.db),
    ),
  )
}
await store.close()
process.stdout.write(JSON.stringify(timings))
