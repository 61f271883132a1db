// The site over a prepared database, for the site benchmark: prints {port, paths, floorBytes}
// on stdout once it listens, then serves until SIGTERM. `/bench/floor` answers a fixed string
// as long as an average article page: Fastify's own cost for a response of that size.
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { openStore } from '../../src/store/index.ts'
import { createSite } from '../../src/web/index.ts'

const [url, sampleSize = '2000'] = process.argv.slice(2)
const store = openStore(url!)
const app = createSite({
  store,
  log: pino({ level: 'warn' }),
  publicUrl: 'https://articles.example.com',
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
  await app.close()
  await store.close()
  process.exit(0)
})
