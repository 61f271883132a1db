// The site over a prepared database, for the site benchmark, served as `alphanode serve`
// serves it (its threads, its V8 flags), with the article paths the benchmark chose (a JSON
// file): prints {port} on stdout once it listens, then serves until SIGTERM. `/bench/floor`
// (floor-route.ts) answers a fixed string as long as an average article page: Fastify's own
// cost for a response of that size, through the same hooks (its cache rule stores nothing).
// MODE: `uncached` renders every request; `memory` keeps pages in the process (the default
// cache); `redis` keeps them only in Redis (REDIS_URL), so every hit is a Redis round trip.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { enableCompileCache } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { freePort, serveSite } from '../../src/cli/serve-site.ts'
import { loadConfig } from '../../src/config.ts'
import { DEFAULT_CACHE_RULES_FILE } from '../../src/web/index.ts'
import { FLOOR_PATHS_VARIABLE } from './floor-route.ts'

// As the CLI's main.ts does: this main thread loads its modules as `alphanode serve`'s does
// (its worker site threads start without the cache either way; see startSiteThreads).
enableCompileCache()

const [url, pathsFile, mode = 'uncached', redisUrl, threads] = process.argv.slice(2)
const log = pino({ level: 'warn' }, pino.destination(2))
const paths = JSON.parse(readFileSync(pathsFile!, 'utf8')) as string[]

const dir = mkdtempSync(join(tmpdir(), 'alphanode-bench-site-'))
// The site's rules and one more, last in the file's rule list.
writeFileSync(
  join(dir, 'cache-rules.yaml'),
  `${readFileSync(DEFAULT_CACHE_RULES_FILE, 'utf8')}
  - name: bench-floor
    description: The site benchmark's fixed string. Never stored.
    routes: ["/bench/floor"]
    ttl: 0
`,
)
Object.assign(process.env, {
  ALPHANODE_CACHE_RULES: join(dir, 'cache-rules.yaml'),
  ALPHANODE_CACHE_MEMORY_MB: mode === 'memory' ? '64' : '0',
  ALPHANODE_REDIS: mode === 'redis' ? redisUrl : '',
  ALPHANODE_REDIS_PREFIX: `alphanode-bench:${process.pid}:`,
  ALPHANODE_PUBLIC_URL: 'https://articles.example.com',
  ALPHANODE_SESSION_SECRET: 'bench-only-session-secret-of-32-characters',
  [FLOOR_PATHS_VARIABLE]: JSON.stringify(paths.slice(0, 100)),
})
const port = await freePort('127.0.0.1')
try {
  await serveSite({
    databaseUrl: url!,
    host: '127.0.0.1',
    port,
    threads: threads ? Number(threads) : undefined,
    log,
    config: loadConfig(),
    banner: `${JSON.stringify({ port })}\n`,
    routesModule: new URL('./floor-route.ts', import.meta.url).href,
  })
} finally {
  rmSync(dir, { recursive: true, force: true })
}
