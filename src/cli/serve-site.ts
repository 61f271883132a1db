import { execFile } from 'node:child_process'
import { createServer } from 'node:net'
import { availableParallelism, hostname } from 'node:os'
import { promisify } from 'node:util'
import type { Logger } from 'pino'
import packageJson from '../../package.json' with { type: 'json' }
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { sessionSecretOrRandom } from '../web/admin/session-secret.ts'
import { explicitPublicUrl } from './site-options.ts'

export interface ServeOptions {
  databaseUrl: string
  /** Default: the configured host. */
  host?: string
  /** Default: the configured port; 0 picks a free one. */
  port?: number
  /** Threads serving requests (default: the configured number, else one per core up to 4). */
  threads?: number
  log: Logger
  /** Printed on stdout once the site listens, before the URL. */
  banner?: string
  /** Listen address, public URL, commit, cache and auth settings. */
  config: Readonly<Config>
  /** A module whose default export adds routes to each thread's site (the benchmark's floor). */
  routesModule?: string
}

/**
 * Serves the site until SIGINT or SIGTERM, then stops taking connections, lets requests in
 * flight finish and closes the database, so a deploy or Ctrl-C never cuts a response short.
 * The site runs on several threads sharing one port, one per core by default: rendering a
 * page is CPU work, and one thread would leave the other cores to the load balancer.
 */
export async function serveSite(options: ServeOptions): Promise<void> {
  const { migrateToLatest, openStore, recordDeploy } = await import('../store/index.ts')
  const { startSiteThreads } = await import('./site-threads.ts')
  const { config, log } = options
  const listenHost = options.host ?? config.site.host
  const listenPort = options.port ?? config.site.port
  // Canonical links need the real port before the first request, so port 0 is resolved first.
  const port = listenPort === 0 ? await freePort(listenHost) : listenPort
  const host = listenHost.includes(':') ? `[${listenHost}]` : listenHost
  const url = `http://${host}:${port}`
  const threads = options.threads ?? config.site.threads ?? defaultThreads()
  const store = openStore(options.databaseUrl)
  try {
    // Once, here, before any thread opens the database.
    const applied = await migrateToLatest(store)
    if (applied.length > 0) log.info({ applied, db: store.description }, 'migrations applied')
    const build = {
      version: packageJson.version,
      commit: config.site.commit ?? (await gitCommit()),
    }
    const site = await startSiteThreads(
      threads,
      {
        config,
        databaseUrl: options.databaseUrl,
        host: listenHost,
        port,
        publicUrl: explicitPublicUrl(config.site) ?? url,
        build,
        // One key for every thread (see sessionSecretOrRandom).
        sessionSecret: sessionSecretOrRandom(config.auth.sessionSecret, (message) =>
          log.warn(message),
        ),
        logLevel: log.level,
        // The process keeps the configured cache; each thread its share.
        pageCacheBytes: Math.floor((config.cache.memoryMb * 1024 * 1024) / threads),
        databaseCacheMiB: SITE_DATABASE_CACHE_MIB,
        routesModule: options.routesModule,
      },
      log,
    ).catch((error: unknown) => {
      throw listenProblem(error, listenHost, port) ?? error
    })
    // From here on the threads run: whatever ends this function must stop them too.
    try {
      await recordDeploy(store, {
        ...build,
        node: `${hostname()}:${process.pid}`,
        startedAt: new Date().toISOString(),
      })
      process.stdout.write(
        `${options.banner ?? ''}Serving ${store.description} on ${threads} thread${threads === 1 ? '' : 's'} at ${url}/ (Ctrl-C stops)\n`,
      )
      const stop = await Promise.race([
        new Promise<NodeJS.Signals>((resolve) => {
          process.once('SIGINT', () => resolve('SIGINT'))
          process.once('SIGTERM', () => resolve('SIGTERM'))
        }),
        site.failed,
      ])
      if (stop instanceof Error) {
        log.error({ err: stop }, 'a site thread failed: stopping the others')
        throw stop
      }
      log.info({ signal: stop }, 'shutting down: finishing requests in flight')
    } finally {
      await site.close()
    }
  } finally {
    await store.close()
  }
}

/**
 * SQLite's page cache per site thread. An article's reads are a few random pages of a large
 * file: at a million posts they took the same time with 4, 8, 16 or 32 MiB (only 256 MiB
 * was faster, by a third), so each thread keeps little and the memory goes to threads.
 */
const SITE_DATABASE_CACHE_MIB = 8

/** A clear message for the listen failures a person can fix. */
function listenProblem(error: unknown, host: string, port: number): AppError | undefined {
  const code = (error as { code?: unknown }).code
  if (code === 'EADDRINUSE')
    return new AppError(
      'USAGE',
      `port ${port} on ${host} is taken by another program: stop it, or choose another port with --port or ALPHANODE_PORT`,
    )
  if (code === 'EACCES')
    return new AppError(
      'USAGE',
      `port ${port} on ${host} needs privileges this user lacks: choose a port above 1023 with --port or ALPHANODE_PORT`,
    )
  if (code === 'EADDRNOTAVAIL')
    return new AppError(
      'USAGE',
      `${host} is not an address of this machine: choose another with --host or ALPHANODE_HOST`,
    )
  return undefined
}

/**
 * One thread per core, up to 4, where the kernel spreads connections over sockets sharing a
 * port (SO_REUSEPORT: Linux, FreeBSD); elsewhere one.
 */
function defaultThreads(): number {
  if (process.platform !== 'linux' && process.platform !== 'freebsd') return 1
  return Math.min(availableParallelism(), 4)
}

/** A port free on `host` now, for a site that must know its address before it listens. */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen({ host, port: 0 }, () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

/** The checkout's commit, or 'unknown' where there is no git or no repository. */
async function gitCommit(): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', 'HEAD'], {
      cwd: new URL('../..', import.meta.url),
      timeout: 2000,
    })
    return stdout.trim() || 'unknown'
  } catch {
    return 'unknown'
  }
}
