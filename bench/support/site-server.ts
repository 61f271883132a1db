// The site over a prepared database, for the site benchmark: prints {port, paths, floorBytes}
// on stdout once it listens, then serves until SIGTERM. `/bench/floor` answers a fixed string
// as long as an average article page: Fastify's own cost for a response of that size, through
// the same hooks (its cache rule stores nothing). MODE: `uncached` renders every request;
// `memory` keeps pages in the process (the default cache); `redis` keeps them only in Redis
// (REDIS_URL), so every hit is a Redis round trip.
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { migrateToLatest, openStore } from '../../src/store/index.ts'
import { createSite, loadCacheRules } from '../../src/web/index.ts'

const [url, sampleSize = '2000', mode = 'uncached', redisUrl] = process.argv.slice(2)
const store = openStore(url!)
// As `alphanode serve` does: a database prepared by an older build gets the newer tables.
await migrateToLatest(store)
const rules = loadCacheRules()
rules.rules.push({
  ...rules.rules.find((rule) => rule.name === 'private')!,
  name: 'bench-floor',
  routes: ['/bench/floor'],
})
const app = createSite({
  store,
  // Stdout carries the ready line; logs go to stderr.
  log: pino({ level: 'warn' }, pino.destination(2)),
  publicUrl: 'https://articles.example.com',
  admin: { sessionSecret: 'bench-only-session-secret-of-32-characters' },
  cache: {
    rules,
    memoryBytes: mode === 'memory' ? 64 * 1024 * 1024 : 0,
    redisUrl: mode === 'redis' ? redisUrl : undefined,
    redisPrefix: `alphanode-bench:${process.pid}:`,
  },
})
// Registered before the first request readies the app; sized once articles are measured.
let floorBody = ''
app.get('/bench/floor', (_request, reply) => {
  reply.type('text/html; charset=utf-8').send(floorBody)
})
const { n } = await store.db
  .selectFrom('posts')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow()
// Posts spread evenly over the archive, so requests touch cold and warm pages alike.
const step = Math.max(1, Math.floor(Number(n) / Number(sampleSize)))
const rows = await store.db
  .selectFrom('posts')
  .select('slug')
  .where((eb) => eb(eb('id', '%', step), '=', 0))
  .where('review_state', '!=', 'rejected')
  .limit(Number(sampleSize))
  .execute()
const paths = rows.map((row) => `/posts/${row.slug}`)
let bytes = 0
for (const path of paths.slice(0, 100)) bytes += (await app.inject(path)).rawPayload.length
floorBody = 'x'.repeat(Math.round(bytes / Math.min(100, paths.length)))
await app.listen({ host: '127.0.0.1', port: 0 })
const { port } = app.server.address() as AddressInfo
process.stdout.write(`${JSON.stringify({ port, paths, floorBytes: floorBody.length })}\n`)
process.once('SIGTERM', async () => {
  await app.siteCache.pages.purge({ all: true })
  await app.close()
  await store.close()
  process.exit(0)
})
