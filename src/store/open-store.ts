import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import type { Kysely } from 'kysely'
import { AppError } from '../errors.ts'
import { type BackgroundCheckpoints, noBackgroundCheckpoints } from './background-checkpoints.ts'
import type { Capabilities } from './capabilities.ts'
import { type DatabaseTarget, parseDatabaseUrl, redactUrl } from './database-url.ts'
import { openPostgres } from './dialects/postgres.ts'
import { createPostgresPostReads } from './dialects/postgres-post-reads.ts'
import { openSqlite } from './dialects/sqlite.ts'
import { startSqliteCheckpoints } from './dialects/sqlite-checkpointer.ts'
import { createSqliteFeaturePageReader } from './dialects/sqlite-feature-reads.ts'
import { createSqliteKnownSources } from './dialects/sqlite-known-sources.ts'
import { createSqlitePostReads } from './dialects/sqlite-post-reads.ts'
import { createSqlitePostWriter } from './dialects/sqlite-post-writer.ts'
import { createSqliteRelatedWriter } from './dialects/sqlite-related-writer.ts'
import { createSqliteSeenMarker } from './dialects/sqlite-seen-marker.ts'
import { createFeaturePageReader, type ReadFeaturePage } from './feature-reads.ts'
import { type MarkSeen, markSeen } from './import-log.ts'
import { type FindKnownSources, knownSources } from './known-sources.ts'
import type { PostReads } from './post-reads.ts'
import { createPostWriter, type PostWriter, type PostWriterOptions } from './post-writer.ts'
import { createRelatedWriter, type RelatedWriter } from './related-writer.ts'
import type { Tables } from './schema.ts'

const run = promisify(execFile)

/** An open database: Kysely over the dialect's driver, its capabilities, and its backup. */
export interface Store {
  db: Kysely<Tables>
  caps: Capabilities
  /** Where it is, safe to print (no password). */
  description: string
  /**
   * Its URL, password included, for opening it again from a worker thread (see
   * `openStore`'s readonly); never printed or logged: `description` is for that.
   */
  url: string
  /** A writer of post batches, the fastest this dialect has. */
  createPostWriter(options?: PostWriterOptions): PostWriter
  /** Records which identities an import run has seen, the fastest way this dialect has. */
  createSeenMarker(): MarkSeen
  /**
   * Finds the posts stored from records with the given source fingerprints, the fastest way
   * this dialect has.
   */
  createSourceLookup(): FindKnownSources
  /** The site's reads, the fastest this dialect has. */
  createPostReads(): PostReads
  /** Reads stored Similar Posts features, the fastest way this dialect has. */
  createFeaturePageReader(): ReadFeaturePage
  /** Upkeep a long write can hand to another thread; close it before the store. */
  startBackgroundCheckpoints(): BackgroundCheckpoints
  /** A writer of whole Similar Posts rebuilds, the fastest this dialect has. */
  createRelatedWriter(): RelatedWriter
  /** Copies the whole database to a file while it stays in use. */
  backup(file: string): Promise<void>
  close(): Promise<void>
}

export interface OpenOptions {
  /** SQLite: a reader that never writes (with a small page cache). */
  readonly?: boolean
  /** SQLite page cache of this connection (default 64 MiB, 8 for a reader). */
  cacheMiB?: number
}

/** Opens a database by URL. */
export function openStore(url: string, options: OpenOptions = {}): Store {
  const target = parseDatabaseUrl(url)
  if (target.kind === 'sqlite') {
    const connection = openSqlite(target.file, options)
    return {
      db: connection.db,
      caps: connection.capabilities,
      description: `sqlite:${target.file}`,
      url,
      // No first-load option: this writer learns a slug is taken from the index's
      // constraint, which a first load simply does not have yet.
      createPostWriter: () => createSqlitePostWriter(connection.native),
      createSeenMarker: () => createSqliteSeenMarker(connection.native),
      createSourceLookup: () => createSqliteKnownSources(connection.native),
      createPostReads: () => createSqlitePostReads(connection.db, connection.native),
      createRelatedWriter: () => createSqliteRelatedWriter(connection.native),
      createFeaturePageReader: () => createSqliteFeaturePageReader(connection.native),
      startBackgroundCheckpoints: () =>
        connection.native.memory
          ? noBackgroundCheckpoints()
          : startSqliteCheckpoints(connection.native),
      backup: async (file) => {
        await connection.native.backup(file)
      },
      close: connection.close,
    }
  }
  const connection = openPostgres(target.url)
  return {
    db: connection.db,
    caps: connection.capabilities,
    description: redactUrl(target.url),
    url,
    createPostWriter: (options) => createPostWriter(connection.capabilities, options),
    createSeenMarker: () => markSeen,
    createSourceLookup: () => knownSources(connection.db),
    createPostReads: () => createPostgresPostReads(connection.db),
    createRelatedWriter: () => createRelatedWriter(),
    createFeaturePageReader: () => createFeaturePageReader(connection.db),
    startBackgroundCheckpoints: noBackgroundCheckpoints,
    backup: async (file) => {
      await pgTool('pg_dump', [
        '--format=custom',
        '--no-owner',
        `--file=${file}`,
        `--dbname=${target.url}`,
      ])
    },
    close: connection.close,
  }
}

/**
 * Replaces the database at `url` with a backup. SQLite: the online backup API copies the
 * backup file page by page into the database file; PostgreSQL: pg_restore --clean. Stop the
 * site first: a restore is not meant to run under traffic.
 */
export async function restoreStore(url: string, file: string): Promise<void> {
  const target: DatabaseTarget = parseDatabaseUrl(url)
  if (target.kind === 'sqlite') {
    const source = new Database(file, { readonly: true, fileMustExist: true })
    try {
      const check = source.pragma('quick_check', { simple: true })
      if (check !== 'ok')
        throw new AppError('IO', `${file} is not a sound SQLite database (${String(check)})`)
      await source.backup(target.file)
    } finally {
      source.close()
    }
    return
  }
  await pgTool('pg_restore', [
    '--clean',
    '--if-exists',
    '--no-owner',
    `--dbname=${target.url}`,
    file,
  ])
}

async function pgTool(tool: string, args: string[]): Promise<void> {
  try {
    await run(tool, args, { maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    const detail =
      (error as { stderr?: string; code?: string }).stderr?.trim() || (error as Error).message
    throw new AppError('IO', `${tool} failed: ${redactUrl(detail)}`, { cause: error })
  }
}
