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
    /**
     * Threads that serve requests, each a whole site on one shared port
     * (ALPHANODE_SITE_THREADS; default: one per core, up to 4).
     */
    threads: number | undefined
  }
  cache: {
    /** `redis://…` (ALPHANODE_REDIS): a page cache shared by every web node; unset: none. */
    redisUrl: string | undefined
    /**
     * Key and channel namespace in Redis (ALPHANODE_REDIS_PREFIX, default `alphanode:cache:`),
     * for sites sharing one server.
     */
    redisPrefix: string | undefined
    /** Megabytes of pages each process keeps (ALPHANODE_CACHE_MEMORY_MB, default 64; 0: none). */
    memoryMb: number
    /** The cache rules file (ALPHANODE_CACHE_RULES); default: config/cache-rules.yaml. */
    rulesFile: string | undefined
  }
  related: {
    /** Similar Posts per post (ALPHANODE_RELATED_K, default 5). */
    k: number
    /**
     * How much a shared feature of each kind counts before its rarity scales it
     * (ALPHANODE_RELATED_WEIGHTS, e.g. `problem=4,stack=3,body=0.15`; unnamed kinds keep their defaults).
     */
    weights: Partial<Record<string, number>>
    /** A feature in more than this share of posts weighs nothing (ALPHANODE_RELATED_MAX_SHARE, default 0.1). */
    maxShare: number
    /**
     * Threads that read and score a rebuild (ALPHANODE_RELATED_THREADS; default: one per core, up to 4,
     * from 5,000 posts; 0: the command's own thread only, e.g. beside a busy web node).
     */
    threads: number | undefined
  }
  auth: {
    /**
     * Key that signs session cookies (ALPHANODE_SESSION_SECRET, at least 32 characters). Unset:
     * a random key per process, so logins end at a restart and hold on one node only.
     */
    sessionSecret: string | undefined
    /** Bearer token for scripted admin calls (ALPHANODE_ADMIN_TOKEN, at least 32 characters). */
    adminToken: string | undefined
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
  const memoryMb = Number(env.ALPHANODE_CACHE_MEMORY_MB ?? 64)
  if (!Number.isInteger(memoryMb) || memoryMb < 0 || memoryMb > 65_536)
    throw new AppError(
      'CONFIG_INVALID',
      `ALPHANODE_CACHE_MEMORY_MB must be a whole number of megabytes from 0 to 65536, got ${JSON.stringify(env.ALPHANODE_CACHE_MEMORY_MB)}`,
    )
  const redisUrl = env.ALPHANODE_REDIS || undefined
  if (redisUrl !== undefined && !/^rediss?:\/\/\S+$/.test(redisUrl))
    throw new AppError(
      'CONFIG_INVALID',
      'ALPHANODE_REDIS must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379',
    )
  const relatedK = Number(env.ALPHANODE_RELATED_K ?? 5)
  if (!Number.isInteger(relatedK) || relatedK < 1 || relatedK > 99)
    throw new AppError(
      'CONFIG_INVALID',
      `ALPHANODE_RELATED_K must be a whole number from 1 to 99, got ${JSON.stringify(env.ALPHANODE_RELATED_K)}`,
    )
  const maxShare = Number(env.ALPHANODE_RELATED_MAX_SHARE ?? 0.1)
  if (!(maxShare > 0 && maxShare <= 1))
    throw new AppError(
      'CONFIG_INVALID',
      `ALPHANODE_RELATED_MAX_SHARE must be a share above 0 and at most 1, got ${JSON.stringify(env.ALPHANODE_RELATED_MAX_SHARE)}`,
    )
  const weights = relatedWeights(env.ALPHANODE_RELATED_WEIGHTS)
  const threads = threadCount(env, 'ALPHANODE_RELATED_THREADS', 0)
  const siteThreads = threadCount(env, 'ALPHANODE_SITE_THREADS', 1)
  for (const secret of ['ALPHANODE_SESSION_SECRET', 'ALPHANODE_ADMIN_TOKEN'])
    if (env[secret] && env[secret].length < 32)
      // The value is never echoed: it is a secret even when it is a bad one.
      throw new AppError('CONFIG_INVALID', `${secret} must be at least 32 characters long`)
  return Object.freeze({
    databaseUrl: env.ALPHANODE_DB || DEFAULT_DATABASE_URL,
    logLevel,
    import: Object.freeze({
      maxRecordBytes,
      reviewAllGenerated: ['1', 'true', 'yes'].includes(env.ALPHANODE_REVIEW_ALL_GENERATED ?? ''),
    }),
    site: Object.freeze({
      host,
      port,
      publicUrl,
      commit: env.ALPHANODE_COMMIT || undefined,
      threads: siteThreads,
    }),
    cache: Object.freeze({
      redisUrl,
      redisPrefix: env.ALPHANODE_REDIS_PREFIX || undefined,
      memoryMb,
      rulesFile: env.ALPHANODE_CACHE_RULES || undefined,
    }),
    related: Object.freeze({ k: relatedK, weights: Object.freeze(weights), maxShare, threads }),
    auth: Object.freeze({
      sessionSecret: env.ALPHANODE_SESSION_SECRET || undefined,
      adminToken: env.ALPHANODE_ADMIN_TOKEN || undefined,
    }),
  })
}

/** A thread count from `variable`, from `least` to 64; undefined (the default) when unset. */
function threadCount(env: NodeJS.ProcessEnv, variable: string, least: number): number | undefined {
  const text = env[variable]
  if (text === undefined || text === '') return undefined
  const threads = Number(text)
  if (!(Number.isInteger(threads) && threads >= least && threads <= 64))
    throw new AppError(
      'CONFIG_INVALID',
      `${variable} must be a whole number from ${least} to 64, got ${JSON.stringify(text)}`,
    )
  return threads
}

/** What a Similar Posts feature can be: the term kinds, and words of title and body. */
export const RELATED_FEATURE_KINDS = [
  'problem',
  'stack',
  'scenario',
  'language',
  'entity',
  'tag',
  'tool',
  'area',
  'difficulty',
  'title',
  'body',
] as const

function relatedWeights(text: string | undefined): Record<string, number> {
  const weights: Record<string, number> = {}
  if (!text) return weights
  for (const part of text.split(',')) {
    const [kind, value] = part.split('=').map((piece) => piece.trim())
    const weight = Number(value)
    if (!(RELATED_FEATURE_KINDS as readonly string[]).includes(kind ?? '') || !(weight >= 0))
      throw new AppError(
        'CONFIG_INVALID',
        `ALPHANODE_RELATED_WEIGHTS must be kind=weight pairs such as problem=4,stack=3 (kinds: ${RELATED_FEATURE_KINDS.join(', ')}), got ${JSON.stringify(part)}`,
      )
    weights[kind!] = weight
  }
  return weights
}
