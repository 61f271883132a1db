import { execFile } from 'node:child_process'
import { createServer } from 'node:net'
import { hostname } from 'node:os'
import { promisify } from 'node:util'
import type { Logger } from 'pino'
import packageJson from '../../package.json' with { type: 'json' }
import type { Config } from '../config.ts'
import { explicitPublicUrl } from './site-options.ts'

export interface ServeOptions {
  databaseUrl: string
  /** Default: the configured host. */
  host?: string
  /** Default: the configured port; 0 picks a free one. */
  port?: number
  log: Logger
  /** Printed on stdout once the site listens, before the URL. */
  banner?: string
  /** Listen address, public URL, commit, cache and auth settings. */
  config: Readonly<Config>
}

/**
 * Serves the site until SIGINT or SIGTERM, then stops taking connections, lets requests in
 * flight finish and closes the database, so a deploy or Ctrl-C never cuts a response short.
 */
export async function serveSite(options: ServeOptions): Promise<void> {
  const { migrateToLatest, openStore, recordDeploy } = await import('../store/index.ts')
  const { createSite, loadCacheRules } = await import('../web/index.ts')
  const { effectiveSettings } = await import('../config-report.ts')
  const { config } = options
  const listenHost = options.host ?? config.site.host
  const listenPort = options.port ?? config.site.port
  // Canonical links need the real port before the first request, so port 0 is resolved first.
  const port = listenPort === 0 ? await freePort(listenHost) : listenPort
  const host = listenHost.includes(':') ? `[${listenHost}]` : listenHost
  const url = `http://${host}:${port}`
  const store = openStore(options.databaseUrl)
  try {
    const applied = await migrateToLatest(store)
    if (applied.length > 0)
      options.log.info({ applied, db: store.description }, 'migrations applied')
    const build = {
      version: packageJson.version,
      commit: config.site.commit ?? (await gitCommit()),
    }
    const { cache } = config
    const app = createSite({
      store,
      log: options.log,
      publicUrl: explicitPublicUrl(config.site) ?? url,
      build,
      cache: {
        rules: loadCacheRules(cache.rulesFile),
        memoryBytes: cache.memoryMb * 1024 * 1024,
        redisUrl: cache.redisUrl,
      },
      admin: {
        sessionSecret: config.auth.sessionSecret,
        adminToken: config.auth.adminToken,
        configReport: () => effectiveSettings(process.env),
      },
    })
    await app.listen({ host: listenHost, port })
    await recordDeploy(store, {
      ...build,
      node: `${hostname()}:${process.pid}`,
      startedAt: new Date().toISOString(),
    })
    process.stdout.write(
      `${options.banner ?? ''}Serving ${store.description} at ${url}/ (Ctrl-C stops)\n`,
    )
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'))
      process.once('SIGTERM', () => resolve('SIGTERM'))
    })
    options.log.info({ signal }, 'shutting down: finishing requests in flight')
    await app.close()
  } finally {
    await store.close()
  }
}

function freePort(host: string): Promise<number> {
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
