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
  return Object.freeze({
    databaseUrl: env.ALPHANODE_DB || DEFAULT_DATABASE_URL,
    logLevel,
    import: Object.freeze({
      maxRecordBytes,
      reviewAllGenerated: ['1', 'true', 'yes'].includes(env.ALPHANODE_REVIEW_ALL_GENERATED ?? ''),
    }),
  })
}
