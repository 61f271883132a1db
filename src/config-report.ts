import { createHash } from 'node:crypto'
import { type Config, loadConfig } from './config.ts'
import { redactUrl } from './store/database-url.ts'

/** One setting as it takes effect, named by the variable that sets it. */
export interface Setting {
  variable: string
  /** Safe to print: passwords in URLs are replaced. */
  shown: string
  /** True when the value came from the environment rather than the default. */
  set: boolean
  /** A hash of the real value, so two secrets can be compared without showing either (never printed). */
  fingerprint: string
}

const VARIABLES: ReadonlyArray<
  [string, (config: Config) => string | number | boolean | undefined]
> = [
  ['ALPHANODE_DB', (c) => c.databaseUrl],
  ['ALPHANODE_LOG_LEVEL', (c) => c.logLevel],
  ['ALPHANODE_MAX_RECORD_BYTES', (c) => c.import.maxRecordBytes],
  ['ALPHANODE_REVIEW_ALL_GENERATED', (c) => c.import.reviewAllGenerated],
  ['ALPHANODE_HOST', (c) => c.site.host],
  ['ALPHANODE_PORT', (c) => c.site.port],
  ['ALPHANODE_PUBLIC_URL', (c) => c.site.publicUrl],
  ['ALPHANODE_COMMIT', (c) => c.site.commit],
  ['ALPHANODE_SITE_THREADS', (c) => c.site.threads],
  ['ALPHANODE_REDIS', (c) => c.cache.redisUrl],
  ['ALPHANODE_REDIS_PREFIX', (c) => c.cache.redisPrefix],
  ['ALPHANODE_CACHE_MEMORY_MB', (c) => c.cache.memoryMb],
  ['ALPHANODE_CACHE_RULES', (c) => c.cache.rulesFile],
  ['ALPHANODE_RELATED_K', (c) => c.related.k],
  [
    'ALPHANODE_RELATED_WEIGHTS',
    (c) =>
      Object.entries(c.related.weights)
        .map(([kind, weight]) => `${kind}=${weight}`)
        .join(',') || undefined,
  ],
  ['ALPHANODE_RELATED_MAX_SHARE', (c) => c.related.maxShare],
  ['ALPHANODE_RELATED_THREADS', (c) => c.related.threads],
  ['ALPHANODE_SESSION_SECRET', (c) => c.auth.sessionSecret],
  ['ALPHANODE_ADMIN_TOKEN', (c) => c.auth.adminToken],
]

// Whole values that are secrets: shown only as set or unset.
const SECRETS = new Set(['ALPHANODE_SESSION_SECRET', 'ALPHANODE_ADMIN_TOKEN'])
// URLs whose password part is a secret.
const URLS = new Set(['ALPHANODE_DB', 'ALPHANODE_REDIS'])

function shownValue(variable: string, text: string): string {
  if (text === '') return '(unset)'
  if (SECRETS.has(variable)) return '(set, hidden)'
  return URLS.has(variable) ? redactUrl(text) : text
}

export const KNOWN_VARIABLES: readonly string[] = VARIABLES.map(([name]) => name)

/** The effective configuration an environment gives, every setting with its variable. */
export function effectiveSettings(env: NodeJS.ProcessEnv): Setting[] {
  const config = loadConfig(env)
  return VARIABLES.map(([variable, read]) => {
    const value = read(config)
    const text = value === undefined ? '' : String(value)
    return {
      variable,
      shown: shownValue(variable, text),
      set: env[variable] !== undefined && env[variable] !== '',
      fingerprint: createHash('sha256').update(text).digest('hex').slice(0, 16),
    }
  })
}

/** ALPHANODE_* variables no setting reads: usually a typo that silently leaves a default. */
export const unknownVariables = (env: NodeJS.ProcessEnv): string[] =>
  Object.keys(env).filter(
    (name) =>
      name.startsWith('ALPHANODE_') &&
      !KNOWN_VARIABLES.includes(name) &&
      !name.startsWith('ALPHANODE_TEST_'),
  )

export interface SettingDifference {
  variable: string
  a: string
  b: string
}

/** Every setting that takes a different effective value in the two environments. */
export function diffSettings(a: NodeJS.ProcessEnv, b: NodeJS.ProcessEnv): SettingDifference[] {
  return diffSettingLists(effectiveSettings(a), effectiveSettings(b))
}

/**
 * Differences between two effective configurations, matched by variable: from environment
 * files, or from running sites (`/admin/config`), which may run different versions.
 */
export function diffSettingLists(
  left: readonly Setting[],
  right: readonly Setting[],
): SettingDifference[] {
  const variables = [...new Set([...left, ...right].map((setting) => setting.variable))]
  const missing = (variable: string): Setting => ({
    variable,
    shown: '(not a setting of this version)',
    set: false,
    fingerprint: '',
  })
  return variables.flatMap((variable) => {
    const setting = left.find((candidate) => candidate.variable === variable) ?? missing(variable)
    const other = right.find((candidate) => candidate.variable === variable) ?? missing(variable)
    if (setting.fingerprint === other.fingerprint) return []
    // Same printed form but different values: a secret differs. Say so without showing it.
    const hidden =
      setting.shown === other.shown
        ? SECRETS.has(setting.variable)
          ? ' (the values differ)'
          : ' (the password differs)'
        : ''
    return [{ variable: setting.variable, a: setting.shown + hidden, b: other.shown + hidden }]
  })
}
