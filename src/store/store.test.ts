import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { randomPost } from '../content/testing/random-post.ts'
import { databaseFingerprint } from './database-fingerprint.ts'
import {
  DEFERRED_INDEXES,
  dropDeferredIndexes,
  missingDeferredIndexes,
} from './deferred-indexes.ts'
import { FTS5_SHARD_POSTS, listFts5Shards } from './dialects/fts5-shards.ts'
import { createImportLog } from './import-log.ts'
import { knownSources } from './known-sources.ts'
import { isSchemaCurrent, migrateTo, migrateToLatest, migrationStatus } from './migrate.ts'
import { slugConstrainedByColumn } from './migrations/0013-name-slug-index.ts'
import { restoreStore, type Store } from './open-store.ts'
import { postRecord } from './post-writer.ts'
import { checkQueryPlans } from './query-plans.ts'
import { countRequest, readRequests } from './rate-limits.ts'
import { decideReview } from './review.ts'
import type { ReviewState } from './schema.ts'
import { fts5MergeSettings, fullTextHits } from './testing/full-text-hits.ts'
import {
  PLACEHOLDER,
  placeholderPost,
  seedPosts,
  storedRelated,
  writeRecords,
} from './testing/seed-posts.ts'
import { testDatabases, testDialects } from './testing/test-stores.ts'

const MERGE_LESS = ['automerge=16', 'crisismerge=64']
const dir = mkdtempSync(join(tmpdir(), 'alphanode-store-'))
const databases = testDatabases()

for (const dialect of await testDialects()) {
  describe(`store on ${dialect}`, () => {
    it('migrates from nothing, reports every migration applied, and a second run applies none', async () => {
      const database = await databases.create(dialect)
      const store = await database.open({ migrate: false })
      try {
        expect(await isSchemaCurrent(store)).toBe(false)
        expect(await migrateToLatest(store)).toEqual([
          '0001-create-posts',
          '0002-create-full-text',
          '0003-create-import-log',
          '0004-create-related',
          '0005-count-term-posts',
          '0006-create-operations',
          '0007-index-post-updates',
          '0008-count-terms-in-writers',
          '0009-unlink-related-posts',
          '0010-shard-full-text',
          '0011-merge-full-text-less',
          '0012-store-post-features',
          '0013-name-slug-index',
          '0014-create-rate-limits',
          '0015-remember-import-batches',
          '0016-cluster-related-posts',
        ])
        expect(await migrateToLatest(store)).toEqual([])
        expect(
          (await migrationStatus(store)).every((state) => state.executedAt instanceof Date),
        ).toBe(true)
        expect(await isSchemaCurrent(store)).toBe(true)
      } finally {
        await store.close()
      }
    })

    it('keeps stored Similar Posts when their table loses its foreign keys', async () => {
      const database = await databases.create(dialect)
      const store = await database.open({ migrate: false })
      try {
        await migrateTo(store, '0008-count-terms-in-writers')
        await seedPosts(store, 0, 3)
        const ids = (await store.db.selectFrom('posts').select('id').orderBy('id').execute()).map(
          (row) => row.id,
        )
        const lists = [
          { post_id: ids[0]!, rank: 1, related_id: ids[1]!, score: 0.5 },
          { post_id: ids[0]!, rank: 2, related_id: ids[2]!, score: 0.25 },
          { post_id: ids[1]!, rank: 1, related_id: ids[0]!, score: 0.5 },
        ]
        await store.db.insertInto('related_posts').values(lists).execute()
        const dangling = { post_id: ids[2]!, rank: 1, related_id: 999_999, score: 0.1 }
        await expect(
          store.db.insertInto('related_posts').values(dangling).execute(),
        ).rejects.toThrow()
        expect(await migrateTo(store, '0009-unlink-related-posts')).toEqual([
          '0009-unlink-related-posts',
        ])
        const kept = await storedRelated(store)
        expect(kept).toEqual(lists)
        await store.db.insertInto('related_posts').values(dangling).execute()
        await expect(
          store.db
            .insertInto('related_posts')
            .values({ ...dangling, score: 0.2 })
            .execute(),
        ).rejects.toThrow()
        // And back: the keys return, without the row that names no post.
        await migrateTo(store, '0008-count-terms-in-writers')
        expect(await storedRelated(store)).toEqual(lists)
        await expect(
          store.db.insertInto('related_posts').values(dangling).execute(),
        ).rejects.toThrow()
      } finally {
        await store.close()
      }
    })

    it('keeps stored Similar Posts when SQLite stores them in key order, and when it goes back', async () => {
      const database = await databases.create(dialect)
      const store = await database.open({ migrate: false })
      // On SQLite, a table in key order (WITHOUT ROWID) says so in its SQL; PostgreSQL's stays.
      const clustered = async () => {
        if (dialect !== 'sqlite') return undefined
        const { rows } = await sql<{ sql: string }>`select sql from sqlite_master
          where name = 'related_posts'`.execute(store.db)
        return /without rowid/i.test(rows[0]!.sql)
      }
      try {
        await migrateTo(store, '0015-remember-import-batches')
        await seedPosts(store, 0, 4)
        const ids = (await store.db.selectFrom('posts').select('id').orderBy('id').execute()).map(
          (row) => row.id,
        )
        const lists = ids.flatMap((id, i) =>
          [1, 2, 3].map((rank) => ({
            post_id: id,
            rank,
            related_id: ids[(i + rank) % ids.length]!,
            score: 2 ** -rank,
          })),
        )
        // Written out of key order, as an update that refreshes a few lists writes them.
        await store.db
          .insertInto('related_posts')
          .values([...lists].reverse())
          .execute()
        expect(await clustered()).toBe(dialect === 'sqlite' ? false : undefined)

        expect(await migrateToLatest(store)).toEqual(['0016-cluster-related-posts'])
        expect(await clustered()).toBe(dialect === 'sqlite' ? true : undefined)
        expect(await storedRelated(store)).toEqual(lists)
        await expect(
          store.db
            .insertInto('related_posts')
            .values({ ...lists[0]!, score: 0.9 })
            .execute(),
        ).rejects.toThrow(/unique|duplicate/i)
        const citing = await store.db
          .selectFrom('related_posts')
          .select('post_id')
          .where('related_id', '=', ids[0]!)
          .orderBy('post_id')
          .execute()
        expect(citing.map((row) => row.post_id)).toEqual(ids.slice(1))

        await migrateTo(store, '0015-remember-import-batches')
        expect(await clustered()).toBe(dialect === 'sqlite' ? false : undefined)
        expect(await storedRelated(store)).toEqual(lists)
      } finally {
        await store.close()
      }
    })

    it('keeps slugs unique by a named index, whether the archive held posts when it migrated', async () => {
      const takenSlugRefused = async (store: Store) => {
        const post = await store.db
          .selectFrom('posts')
          .selectAll()
          .limit(1)
          .executeTakeFirstOrThrow()
        const { id: _, ...copy } = post
        await expect(
          store.db
            .insertInto('posts')
            .values({ ...copy, source_id: `${post.source_id}-twin` })
            .execute(),
        ).rejects.toThrow(/unique|duplicate/i)
      }
      for (const heldPosts of [false, true]) {
        const database = await databases.create(dialect)
        const store = await database.open({ migrate: false })
        try {
          await migrateTo(store, '0012-store-post-features')
          if (heldPosts) await seedPosts(store, 0, 3)
          const before = await databaseFingerprint(store)
          expect(await migrateToLatest(store)).toEqual([
            '0013-name-slug-index',
            '0014-create-rate-limits',
            '0015-remember-import-batches',
            '0016-cluster-related-posts',
          ])
          expect(await databaseFingerprint(store)).toBe(before)
          expect(await missingDeferredIndexes(store.db, store.caps)).toEqual([])
          // SQLite rebuilt an empty posts table without the column's own unique index.
          if (dialect === 'sqlite') expect(await slugConstrainedByColumn(store.db)).toBe(heldPosts)
          await seedPosts(store, 10, 2)
          await takenSlugRefused(store)
          // The named index is what a first load drops and builds again.
          await dropDeferredIndexes(store.db)
          await migrateToLatest(store)
          await takenSlugRefused(store)
          await migrateTo(store, '0012-store-post-features')
          await takenSlugRefused(store)
        } finally {
          await store.close()
        }
      }
    })

    it('moves the full-text index into shards and back, keeping every row', async () => {
      const database = await databases.create(dialect)
      const store = await database.open()
      try {
        if (dialect === 'sqlite') await placeholderPost(store, FTS5_SHARD_POSTS - 5)
        await seedPosts(store, 0, 12)
        await store.db.deleteFrom('posts').where('source_id', '=', PLACEHOLDER).execute()
        const before = await databaseFingerprint(store)
        const title = await store.db.selectFrom('posts').select('title').orderBy('id').limit(1)
        const word = /[a-z]{4,}/.exec((await title.executeTakeFirstOrThrow()).title)![0]
        const hits = await fullTextHits(store, word)
        expect(hits.length).toBeGreaterThan(0)
        if (dialect === 'sqlite') expect(await listFts5Shards(store.db)).toEqual([0, 1])

        await migrateTo(store, '0009-unlink-related-posts')
        if (dialect === 'sqlite') {
          expect(await listFts5Shards(store.db)).toEqual([])
          const { rows } = await sql<{ source_id: string }>`select p.source_id from posts_fts f
            join posts p on p.id = f.rowid where posts_fts match ${word} order by p.source_id`.execute(
            store.db,
          )
          expect(rows.map((row) => row.source_id)).toEqual(hits)
        }
        expect(await migrateToLatest(store)).toEqual([
          '0010-shard-full-text',
          '0011-merge-full-text-less',
          '0012-store-post-features',
          '0013-name-slug-index',
          '0014-create-rate-limits',
          '0015-remember-import-batches',
          '0016-cluster-related-posts',
        ])
        expect(await databaseFingerprint(store)).toBe(before)
        if (dialect === 'sqlite')
          expect(await fts5MergeSettings(store)).toEqual({ 0: MERGE_LESS, 1: MERGE_LESS })
        expect(await fullTextHits(store, word)).toEqual(hits)
      } finally {
        await store.close()
      }
    })

    if (dialect === 'sqlite')
      it('gives each full-text shard its merge settings, from the post writer or the migration', async () => {
        const database = await databases.create(dialect)
        const store = await database.open()
        try {
          await placeholderPost(store, FTS5_SHARD_POSTS - 2)
          await seedPosts(store, 0, 4)
          expect(await fts5MergeSettings(store)).toEqual({ 0: MERGE_LESS, 1: MERGE_LESS })
          await migrateTo(store, '0010-shard-full-text')
          const defaults = ['automerge=4', 'crisismerge=16']
          expect(await fts5MergeSettings(store)).toEqual({ 0: defaults, 1: defaults })
          expect(await migrateToLatest(store)).toEqual([
            '0011-merge-full-text-less',
            '0012-store-post-features',
            '0013-name-slug-index',
            '0014-create-rate-limits',
            '0015-remember-import-batches',
            '0016-cluster-related-posts',
          ])
          expect(await fts5MergeSettings(store)).toEqual({ 0: MERGE_LESS, 1: MERGE_LESS })
        } finally {
          await store.close()
        }
      })

    if (dialect === 'sqlite')
      it('makes a full-text shard again when the transaction that first made it rolled back', async () => {
        const database = await databases.create(dialect)
        const store = await database.open()
        try {
          await seedPosts(store, 0, 2)
          await placeholderPost(store, FTS5_SHARD_POSTS - 1)
          const writer = store.createPostWriter()
          const records = [2, 3].map((n) =>
            postRecord(randomPost(n), {
              sourceId: `alphanode-${n}`,
              sourceFingerprint: `test-${n}`,
            }),
          )
          const now = new Date().toISOString()
          await expect(
            store.db.transaction().execute(async (trx) => {
              await writer.write(trx, records, now)
              throw new Error('rolled back')
            }),
          ).rejects.toThrow('rolled back')
          expect(await listFts5Shards(store.db)).toEqual([0])
          await store.db.transaction().execute(async (trx) => {
            await writer.write(trx, records, now)
            await writer.finish(trx)
          })
          writer.committed()
          expect(await listFts5Shards(store.db)).toEqual([0, 1])
          const word = /[a-z]{4,}/.exec(randomPost(2).title)![0]
          expect(await fullTextHits(store, word)).toContain('alphanode-2')
        } finally {
          await store.close()
        }
      })

    it("keeps each term's post count equal to its links, through updates and review decisions", async () => {
      const database = await databases.create(dialect)
      const store = await database.open()
      const counts = async () => {
        const stored = await store.db.selectFrom('terms').select(['id', 'post_count']).execute()
        const linked = await store.db
          .selectFrom('post_terms')
          .select(['term_id', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('term_id')
          .execute()
        const expected = new Map(linked.map((row) => [row.term_id, Number(row.n)]))
        return stored.map((row) => [row.id, row.post_count, expected.get(row.id) ?? 0])
      }
      try {
        await seedPosts(store, 0, 60)
        await seedPosts(store, 1000, 20)
        // Three at a time in one transaction, as the importer writes parts of a batch: terms
        // new in one write are linked again by the next ones and counted once at the end.
        await writeRecords(
          store,
          Array.from({ length: 20 }, (_, i) => ({
            post: randomPost(2000 + i),
            sourceId: `alphanode-${String(2000 + i).padStart(6, '0')}`,
          })),
          { recordsPerWrite: 3 },
        )
        // Updates: other content under known identities re-files those posts.
        await writeRecords(
          store,
          [0, 1, 2, 3].map((i) => ({
            post: randomPost(5000 + i),
            sourceId: `alphanode-${String(i).padStart(6, '0')}`,
          })),
          { recordsPerWrite: 1 },
        )
        const linksOf = (sourceId: string) =>
          store.db
            .selectFrom('post_terms')
            .innerJoin('posts', 'posts.id', 'post_terms.post_id')
            .select('post_id')
            .where('posts.source_id', '=', sourceId)
            .execute()
        const changed = (
          await store.db.selectFrom('posts').select('source_id').limit(2).execute()
        ).map((row) => row.source_id)
        await decideReview(store, [changed[0]!], 'rejected')
        const table = await counts()
        expect(table.length).toBeGreaterThan(10)
        for (const [id, stored, linked] of table) expect(stored, `term ${id}`).toBe(linked)
        const links = await linksOf(changed[0]!)
        expect(links).toEqual([])
        await decideReview(store, [changed[0]!], 'approved')
        for (const [id, stored, linked] of await counts()) expect(stored, `term ${id}`).toBe(linked)
        const relinked = await linksOf(changed[0]!)
        expect(relinked.length).toBeGreaterThan(0)
      } finally {
        await store.close()
      }
    })

    it('builds the deferred indexes a killed first import left dropped when it migrates', async () => {
      const database = await databases.create(dialect)
      const store = await database.open()
      try {
        await dropDeferredIndexes(store.db)
        expect(await missingDeferredIndexes(store.db, store.caps)).toEqual(
          DEFERRED_INDEXES.map((index) => index.name),
        )
        expect((await checkQueryPlans(store)).flatMap((report) => report.problems)).not.toEqual([])
        // Not while an import runs (this process stands for it): that one drops them on purpose.
        const log = createImportLog(store.db)
        const now = new Date().toISOString()
        const run = await log.start(['posts.ndjson'], 'key', now)
        expect(await migrateToLatest(store)).toEqual([])
        expect(await missingDeferredIndexes(store.db, store.caps)).toHaveLength(
          DEFERRED_INDEXES.length,
        )
        await log.finish(run, 'succeeded', now)
        // The build's own page cache and sorter threads are the connection's only meanwhile.
        const settings = async () =>
          dialect === 'sqlite'
            ? [
                (await sql.raw('pragma cache_size').execute(store.db)).rows,
                (await sql.raw('pragma threads').execute(store.db)).rows,
              ]
            : []
        const before = await settings()
        expect(await migrateToLatest(store)).toEqual([])
        expect(await missingDeferredIndexes(store.db, store.caps)).toEqual([])
        expect(await settings()).toEqual(before)
        expect((await checkQueryPlans(store)).flatMap((report) => report.problems)).toEqual([])
      } finally {
        await store.close()
      }
    })

    it('serves every hot query from an index (db check)', async () => {
      const database = await databases.create(dialect)
      const store = await database.open()
      try {
        await seedPosts(store, 0, 300)
        const reports = await checkQueryPlans(store)
        expect(reports.length).toBeGreaterThanOrEqual(10)
        for (const report of reports)
          expect(report.problems, `${report.name}: ${report.plan.join(' | ')}`).toEqual([])
      } finally {
        await store.close()
      }
    })

    it("reads an article's post with the Similar Posts its page may show, in rank order", async () => {
      const database = await databases.create(dialect)
      const store = await database.open()
      try {
        await seedPosts(store, 0, 6)
        const posts = await store.db
          .selectFrom('posts')
          .select(['id', 'slug', 'title'])
          .orderBy('id')
          .execute()
        const states = ['approved', 'not_required', 'pending', 'rejected', 'approved', 'pending']
        for (const [i, post] of posts.entries())
          await store.db
            .updateTable('posts')
            .set({ review_state: states[i] as ReviewState })
            .where('id', '=', post.id)
            .execute()
        // Every post lists all the others, written from the last rank to the first, so that
        // storage order is not rank order.
        for (const post of posts) {
          const others = posts.filter((other) => other.id !== post.id)
          await store.db
            .insertInto('related_posts')
            .values(
              others
                .map((other, i) => ({
                  post_id: post.id,
                  rank: i + 1,
                  related_id: other.id,
                  score: 1 / (i + 2),
                }))
                .reverse(),
            )
            .execute()
        }
        const reads = store.createPostReads()
        const shownOn = (state: string) =>
          state === 'approved' || state === 'not_required'
            ? ['approved', 'not_required']
            : ['approved', 'not_required', 'pending']
        for (const [i, post] of posts.entries()) {
          const article = await reads.article(post.slug)
          expect(article?.post).toEqual(await reads.bySlug(post.slug))
          const expected = posts
            .map((other, j) => ({ other, state: states[j]! }))
            .filter(
              ({ other, state }) => other.id !== post.id && shownOn(states[i]!).includes(state),
            )
            .map(({ other, state }) => ({
              slug: other.slug,
              title: other.title,
              reviewState: state,
            }))
          expect(article?.similar, `the page of a post ${states[i]}`).toEqual(expected)
          expect(await reads.similar(article!.post)).toEqual(expected)
        }
        expect(await reads.article('no-such-post')).toBeUndefined()
      } finally {
        await store.close()
      }
    })

    it('counts requests per key in fixed windows that every connection shares', async () => {
      const database = await databases.create(dialect)
      const store = await database.open()
      const other = await database.open()
      try {
        const start = 1_800_000_000_000
        const minute = 60_000
        expect(await countRequest(store.db, 'a', minute, start)).toEqual({
          hits: 1,
          startedMs: start,
        })
        expect(await countRequest(other.db, 'a', minute, start + 10)).toEqual({
          hits: 2,
          startedMs: start,
        })
        expect(await countRequest(other.db, 'b', minute, start + 20)).toEqual({
          hits: 1,
          startedMs: start + 20,
        })
        expect(await readRequests(store.db, 'a', minute, start + 30)).toEqual({
          hits: 2,
          startedMs: start,
        })
        // Two connections at once: every request counted once.
        const counted = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            countRequest((i % 2 ? store : other).db, 'a', minute, start + 40),
          ),
        )
        expect(counted.map((window) => window.hits).sort((x, y) => x - y)).toEqual(
          Array.from({ length: 20 }, (_, i) => i + 3),
        )
        // The window ends: counting starts again, and a read finds nothing left of it.
        expect(await countRequest(store.db, 'a', minute, start + minute)).toEqual({
          hits: 1,
          startedMs: start + minute,
        })
        expect(await readRequests(store.db, 'b', minute, start + 20 + minute)).toBeUndefined()
        // A window starting a day later deletes those that ended before.
        await countRequest(store.db, 'c', minute, start + 2 * 24 * 60 * minute)
        const keys = await store.db.selectFrom('rate_limits').select('key').execute()
        expect(keys.map((row) => row.key)).toEqual(['c'])
      } finally {
        await other.close()
        await store.close()
      }
    })

    it('finds the posts stored from known source fingerprints, in lookups of any size', async () => {
      const database = await databases.create(dialect)
      const store = await database.open()
      try {
        await seedPosts(store, 0, 620)
        const ids = Array.from({ length: 620 }, (_, i) => `alphanode-${String(i).padStart(6, '0')}`)
        // seedPosts stores `test-<source id>` as each post's source fingerprint.
        const fingerprints = ids.map((id) => `test-${id}`)
        fingerprints.splice(300, 0, 'test-nobody', 'test-nobody-either')
        const expected = new Map(ids.map((id) => [`test-${id}`, id]))
        // One full lookup of 500 and a short one, then only short ones.
        expect(await store.createSourceLookup()(fingerprints)).toEqual(expected)
        expect(await knownSources(store.db)(fingerprints)).toEqual(expected)
        expect(await store.createSourceLookup()(fingerprints.slice(0, 3))).toEqual(
          new Map(ids.slice(0, 3).map((id) => [`test-${id}`, id])),
        )
        expect(await store.createSourceLookup()(['test-nobody'])).toEqual(new Map())
      } finally {
        await store.close()
      }
    })

    it('restores a backup to exactly the database it copied', async () => {
      const database = await databases.create(dialect)
      const store = await database.open()
      const backup = join(dir, `backup-${dialect}-${Date.now()}.bak`)
      let before: string
      try {
        await seedPosts(store, 1000, 200)
        before = await databaseFingerprint(store)
        await store.backup(backup)
        await seedPosts(store, 5000, 50)
        expect(await databaseFingerprint(store)).not.toBe(before)
      } finally {
        await store.close()
      }
      await restoreStore(database.url, backup)
      const restored = await database.open({ migrate: false })
      try {
        expect(await isSchemaCurrent(restored)).toBe(true)
        expect(await databaseFingerprint(restored)).toBe(before)
      } finally {
        await restored.close()
      }
    })
  })
}
