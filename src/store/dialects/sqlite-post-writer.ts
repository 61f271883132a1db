import type Database from 'better-sqlite3'
import { distinctSlug } from '../../content/index.ts'
import {
  nextReviewState,
  type PostRecord,
  type PostWriter,
  type WriteResult,
} from '../post-writer.ts'
import type { ReviewState } from '../schema.ts'
import { TermCountChanges } from '../term-counts.ts'
import { createFts5ShardSql, fts5ShardOf, fts5ShardTable } from './fts5-shards.ts'

/**
 * The post writer for SQLite: the same contract as the Kysely writer, run as cached prepared
 * statements, one row at a time, on the connection the caller's transaction holds. In
 * SQLite a prepared insert costs a few microseconds; building and compiling multi-row
 * statements cost several times what SQLite itself spends (docs/performance/import.md).
 */
const BULK_CHECKPOINT_PAGES = 16_384
const BULK_CACHE_KIB = 32_768

export function createSqlitePostWriter(native: Database.Database): PostWriter {
  const statements = {
    find: native.prepare<[string], { id: number; fingerprint: string; review_state: ReviewState }>(
      'select id, fingerprint, review_state from posts where source_id = ?',
    ),
    insert: native.prepare(
      `insert into posts (source_id, slug, title, published_at, review_state, generated, document, fingerprint, source_fingerprint, updated_at, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    update: native.prepare(
      `update posts set title = ?, published_at = ?, review_state = ?, generated = ?, document = ?, fingerprint = ?,
       source_fingerprint = ?, updated_at = ? where id = ?`,
    ),
    deleteTerms: native
      .prepare<[number], number>('delete from post_terms where post_id = ? returning term_id')
      .pluck(),
    link: native.prepare(
      'insert into post_terms (post_id, term_id, published_at) values (?, ?, ?)',
    ),
    findTerm: native.prepare<[string, string], { id: number }>(
      'select id from terms where kind = ? and name = ?',
    ),
    insertTerm: native.prepare<[string, string], { id: number }>(
      'insert into terms (kind, name) values (?, ?) returning id',
    ),
    addCount: native.prepare('update terms set post_count = post_count + ? where id = ?'),
    tableExists: native.prepare<[string], 1>(
      `select 1 from sqlite_master where type = 'table' and name = ?`,
    ),
  }
  // A bulk writer checkpoints the WAL into the database every 64 MiB instead of every 4 MiB:
  // each checkpoint syncs the file, and at the default they took a fifth of an import.
  native.pragma(`wal_autocheckpoint = ${BULK_CHECKPOINT_PAGES}`)
  // 32 MiB of page cache instead of the site's 64: a million-post import peaked at 299-302 MB
  // against its 300 MB goal, and at 100,000 posts 16 MiB cost about 7% in speed for 54 MB.
  native.pragma(`cache_size = -${BULK_CACHE_KIB}`)
  const counts = new TermCountChanges()
  const termIds = new Map<string, number>()
  let pendingTerms = new Map<string, number>()
  // A shard's statements are kept once the transaction that created its table commits.
  const shards = new Map<number, ShardStatements>()
  let pendingShards = new Map<number, ShardStatements>()

  const shard = (id: number): ShardStatements => {
    const number = fts5ShardOf(id)
    let found = shards.get(number) ?? pendingShards.get(number)
    if (!found) {
      const table = fts5ShardTable(number)
      if (statements.tableExists.get(table) === undefined)
        for (const statement of createFts5ShardSql(number)) native.exec(statement)
      found = {
        deleteText: native.prepare(`delete from ${table} where rowid = ?`),
        insertText: native.prepare(
          `insert into ${table} (rowid, title, headings, body, meta) values (?, ?, ?, ?, ?)`,
        ),
      }
      pendingShards.set(number, found)
    }
    return found
  }

  const termId = (kind: string, name: string): number => {
    const key = `${kind}\u0000${name}`
    let id = termIds.get(key) ?? pendingTerms.get(key)
    if (id === undefined) {
      id = (statements.findTerm.get(kind, name) ?? statements.insertTerm.get(kind, name))!.id
      pendingTerms.set(key, id)
    }
    return id
  }

  const writeOne = (record: PostRecord, now: string): 'inserted' | 'updated' | 'unchanged' => {
    const existing = statements.find.get(record.sourceId)
    if (existing && existing.fingerprint === record.fingerprint) return 'unchanged'
    const date = record.publishedAt
    let id: number
    let state: ReviewState
    // The columns an insert and an update both write, in both statements' order.
    const written = () =>
      [
        record.title,
        date,
        state,
        record.generated ? 1 : 0,
        record.document,
        record.fingerprint,
        record.sourceFingerprint,
        now,
      ] as const
    if (existing) {
      id = existing.id
      state = nextReviewState(existing.review_state, record.needsReview)
      statements.update.run(...written(), id)
      for (const termId of statements.deleteTerms.all(id)) counts.unlinked(termId)
      shard(id).deleteText.run(id)
    } else {
      state = record.needsReview ? 'pending' : 'not_required'
      const insert = (slug: string) =>
        statements.insert.run(record.sourceId, slug, ...written(), now)
      // A slug another post holds fails only this statement; the transaction goes on.
      let result: Database.RunResult | undefined
      for (let attempt = -1; !result; attempt++) {
        try {
          result = insert(
            attempt < 0 ? record.slug : distinctSlug(record.slug, record.sourceId, attempt),
          )
        } catch (error) {
          if (!isSlugTaken(error)) throw error
        }
      }
      id = Number(result.lastInsertRowid)
    }
    // A rejected post stays out of every archive, even when its source changes.
    if (state !== 'rejected')
      for (const term of record.terms) {
        const linked = termId(term.kind, term.name)
        statements.link.run(id, linked, date)
        counts.linked(linked)
      }
    const { text } = record
    shard(id).insertText.run(id, text.title, text.headings, text.body, text.meta)
    return existing ? 'updated' : 'inserted'
  }

  // What a transaction learns and counts is its own until it commits: several writes share it.
  let pendingIn: unknown
  const forget = () => {
    pendingTerms = new Map()
    pendingShards = new Map()
    counts.clear()
  }

  return {
    // A prepared statement per row costs the same however many rows come at once, and
    // records written as soon as they arrive die young (docs/performance/import.md).
    recordsPerWrite: 1,
    write: async (db, records, now) => {
      if (db !== pendingIn) {
        forget()
        pendingIn = db
      }
      const result: WriteResult = { inserted: 0, updated: 0, unchanged: 0 }
      for (const record of records) result[writeOne(record, now)]++
      return result
    },
    // One update per term per transaction, however many writes linked it.
    finish: async () => {
      for (const [id, delta] of counts.changes()) statements.addCount.run(delta, id)
      counts.clear()
    },
    committed: () => {
      for (const [key, id] of pendingTerms) termIds.set(key, id)
      for (const [number, statements] of pendingShards) shards.set(number, statements)
      forget()
      pendingIn = undefined
    },
  }
}

interface ShardStatements {
  deleteText: Database.Statement<[number]>
  insertText: Database.Statement<[number, string, string, string, string]>
}

const isSlugTaken = (error: unknown): boolean =>
  error instanceof Error &&
  (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
  error.message.includes('posts.slug')
