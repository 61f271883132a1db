import { AppError } from './errors.ts'
import { DEFAULT_DATABASE_URL } from './store/database-url.ts'

export interface Config {
  /** `sqlite:PATH` or `postgres://…` (ALPHANODE_DB). */
  databaseUrl: string
  /** pino level (ALPHANODE_LOG_LEVEL): fatal, error, warn, info, debug, trace, silent. */
  logLevel: string
  import: {
    /** Records over this size are quarantined (ALPHANODE_MAX_RECORD_BYTES, default 1 MiB). */
    maxRecordBytes: number
    /** Hold all synthesized posts for review (ALPHANODE_REVIEW_ALL_GENERATED=1). */
    reviewAllGenerated: boolean
  }
  site: {
    /** Address to listen on (ALPHANODE_HOST, default 127.0.0.1). */
    host: string
    /** Port to listen on (ALPHANODE_PORT, default 3000). */
    port: number
    /**
     * The site's address as readers reach it (ALPHANODE_PUBLIC_URL, no trailing slash), for
     * canonical links, feeds and sitemaps; default http://HOST:PORT.
     */
    publicUrl: string
    /** The commit deployed (ALPHANODE_COMMIT); default: asked of git at start. */
    commit: string | undefined
  }
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

/** The only reader of process.env: everything else is handed a Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const logLevel = env.ALPHANODE_LOG_LEVEL ?? 'info'
  if (!LEVELS.has(logLevel))
    throw new AppError(
      'CONFIG_INVALID',
      `ALPHANODE_LOG_LEVEL must be one of ${[...LEVELS].join(', ')}, got ${JSON.stringify(logLevel)}`,
    )
  const maxRecordBytes = Number(env.ALPHANODE_MAX_RECORD_BYTES ?? 1 << 20)
  if (!Number.isInteger(maxRecordBytes) || maxRecordBytes < 1024) {
    throw new AppError(
      'CONFIG_INVALID',
      `ALPHANODE_MAX_RECORD_BYTES must be a whole number of bytes >= 1024, got ${JSON.stringify(env.ALPHANODE_MAX_RECORD_BYTES)}`,
    )
  }
  const host = env.ALPHANODE_HOST || '127.0.0.1'
  const port = Number(env.ALPHANODE_PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new AppError(
      'CONFIG_INVALID',
      `ALPHANODE_PORT must be a port number from 0 to 65535, got ${JSON.stringify(env.ALPHANODE_PORT)}`,
    )
  const publicUrl = (env.ALPHANODE_PUBLIC_URL || `http://${host}:${port}`).replace(/\/+$/, '')
  if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(publicUrl))
    throw new AppError(
      'CONFIG_INVALID',
      `ALPHANODE_PUBLIC_URL must be an http(s) URL such as https://articles.example.com, got ${JSON.stringify(env.ALPHANODE_PUBLIC_URL)}`,
    )
  return Object.freeze({
    databaseUrl: env.ALPHANODE_DB || DEFAULT_DATABASE_URL,
    logLevel,
    import: Object.freeze({
      maxRecordBytes,
      reviewAllGenerated: ['1', 'true', 'yes'].includes(env.ALPHANODE_REVIEW_ALL_GENERATED ?? ''),
    }),
    site: Object.freeze({ host, port, publicUrl, commit: env.ALPHANODE_COMMIT || undefined }),
  })
}
