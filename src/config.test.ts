import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'
import { parseDatabaseUrl, redactUrl } from './store/database-url.ts'

describe('loadConfig', () => {
  it('has working defaults and reads ALPHANODE_* variables', () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: 'sqlite:./data/alphanode.db',
      logLevel: 'info',
      import: { maxRecordBytes: 1048576, reviewAllGenerated: false },
      site: {
        host: '127.0.0.1',
        port: 3000,
        publicUrl: 'http://127.0.0.1:3000',
        commit: undefined,
        threads: undefined,
      },
      cache: { redisUrl: undefined, redisPrefix: undefined, memoryMb: 64, rulesFile: undefined },
      related: { k: 5, weights: {}, maxShare: 0.1, threads: undefined },
      auth: { sessionSecret: undefined, adminToken: undefined },
    })
    const config = loadConfig({
      ALPHANODE_DB: 'postgres://u@h/d',
      ALPHANODE_LOG_LEVEL: 'warn',
      ALPHANODE_MAX_RECORD_BYTES: '2048',
      ALPHANODE_REVIEW_ALL_GENERATED: '1',
      ALPHANODE_PORT: '8080',
      ALPHANODE_PUBLIC_URL: 'https://articles.example.com/',
      ALPHANODE_RELATED_THREADS: '0',
      ALPHANODE_SITE_THREADS: '3',
      ALPHANODE_REDIS_PREFIX: 'staging:cache:',
    })
    expect(config).toMatchObject({
      related: { threads: 0 },
      cache: { redisPrefix: 'staging:cache:' },
      databaseUrl: 'postgres://u@h/d',
      logLevel: 'warn',
      import: { maxRecordBytes: 2048, reviewAllGenerated: true },
      site: {
        host: '127.0.0.1',
        port: 8080,
        publicUrl: 'https://articles.example.com',
        threads: 3,
      },
    })
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('rejects bad values with the variable named', () => {
    expect(() => loadConfig({ ALPHANODE_LOG_LEVEL: 'loud' })).toThrow(
      /ALPHANODE_LOG_LEVEL must be one of/,
    )
    expect(() => loadConfig({ ALPHANODE_MAX_RECORD_BYTES: 'lots' })).toThrow(
      /ALPHANODE_MAX_RECORD_BYTES must be a whole number/,
    )
    expect(() => loadConfig({ ALPHANODE_PORT: '99999' })).toThrow(/ALPHANODE_PORT must be a port/)
    expect(() => loadConfig({ ALPHANODE_RELATED_THREADS: 'all' })).toThrow(
      /ALPHANODE_RELATED_THREADS must be a whole number from 0 to 64, got "all"/,
    )
    // A site needs a thread to serve on.
    expect(() => loadConfig({ ALPHANODE_SITE_THREADS: '0' })).toThrow(
      /ALPHANODE_SITE_THREADS must be a whole number from 1 to 64, got "0"/,
    )
    expect(() => loadConfig({ ALPHANODE_PUBLIC_URL: 'javascript:alert(1)' })).toThrow(
      /ALPHANODE_PUBLIC_URL must be an http\(s\) URL/,
    )
    expect(() => loadConfig({ ALPHANODE_REDIS: 'localhost:6379' })).toThrow(
      /ALPHANODE_REDIS must be a redis:\/\/ or rediss:\/\/ URL/,
    )
    expect(() => loadConfig({ ALPHANODE_CACHE_MEMORY_MB: '-1' })).toThrow(
      /ALPHANODE_CACHE_MEMORY_MB must be a whole number/,
    )
    // A short secret is refused without being echoed.
    expect(() => loadConfig({ ALPHANODE_SESSION_SECRET: 'hunter2' })).toThrow(
      /^ALPHANODE_SESSION_SECRET must be at least 32 characters long$/,
    )
    expect(redactUrl('redis://:r3dis@cache:6379')).toBe('redis://:***@cache:6379')
  })
})

describe('database URLs', () => {
  it('tells SQLite from PostgreSQL and redacts passwords', () => {
    expect(parseDatabaseUrl('sqlite:./data/a.db')).toEqual({ kind: 'sqlite', file: './data/a.db' })
    expect(parseDatabaseUrl('sqlite:///abs/a.db')).toEqual({ kind: 'sqlite', file: '/abs/a.db' })
    expect(parseDatabaseUrl('backup.sqlite')).toEqual({ kind: 'sqlite', file: 'backup.sqlite' })
    expect(parseDatabaseUrl('postgresql://u:secret@h:5432/d')).toEqual({
      kind: 'postgres',
      url: 'postgresql://u:secret@h:5432/d',
    })
    expect(redactUrl('postgres://u:secret@h/d')).toBe('postgres://u:***@h/d')
    expect(() => parseDatabaseUrl('mysql://u:secret@h/d')).toThrow(
      /cannot tell the database from "mysql:\/\/u:\*\*\*@h\/d"/,
    )
  })
})
