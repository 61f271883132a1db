import { AppError } from '../errors.ts'

export const DEFAULT_DATABASE_URL = 'sqlite:./data/alphanode.db'

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }

/** `sqlite:PATH`, a path ending in .db/.sqlite, or `postgres://…` / `postgresql://…`. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    return { kind: 'postgres', url }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=[./])/, '')
    if (file) return { kind: 'sqlite', file }
  } else if (/\.(db|sqlite3?)$/i.test(url)) {
    return { kind: 'sqlite', file: url }
  }
  throw new AppError(
    'CONFIG_INVALID',
    `cannot tell the database from ${JSON.stringify(redactUrl(url))}: use sqlite:PATH or postgres://USER@HOST/DB`,
  )
}

/** The URL with any password replaced, for logs and output. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@]*@/i, '$1:***@')
}
