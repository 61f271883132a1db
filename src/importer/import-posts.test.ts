import { Readable } from 'node:stream'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { distinctSlug, postSlug, writePage } from '../content/index.ts'
import { writeMarkdown } from '../content/markdown/index.ts'
import {
  checkQueryPlans,
  databaseFingerprint,
  missingDeferredIndexes,
  type Store,
} from '../store/index.ts'
import { fullTextHits } from '../store/testing/full-text-hits.ts'
import { testDatabases, testDialects } from '../store/testing/test-stores.ts'
import { synthesizePost } from '../synth/index.ts'
import { importPosts } from './import-posts.ts'
import { importSettings, sourceFingerprint } from './prepare-record.ts'
import { inputDir, synthLines } from './testing/input-files.ts'

const databases = testDatabases()

async function freshStore(dialect: 'sqlite' | 'postgres'): Promise<Store> {
  const database = await databases.create(dialect)
  return database.open()
}

for (const dialect of await testDialects()) {
  describe(`importPosts on ${dialect}`, () => {
    it('inserts posts with their terms and full text, and a second import changes nothing', async () => {
      const store = await freshStore(dialect)
      const files = inputDir()
      const file = files.write('posts.ndjson', `${synthLines(0, 120).join('\n')}\n`)
      try {
        const first = await importPosts(store, { files: [file] })
        expect(first).toMatchObject({
          status: 'succeeded',
          records: 120,
          inserted: 120,
          updated: 0,
          unchanged: 0,
          quarantined: 0,
        })
        // The first load built the deferred indexes once, at its end.
        expect(await missingDeferredIndexes(store.db, store.caps)).toEqual([])
        if (dialect === 'postgres') {
          // And analyzed the tables: the planner has column statistics for the lookups.
          const { rows } = await sql<{ attname: string }>`select attname from pg_stats
            where schemaname = current_schema() and tablename = 'posts'`.execute(store.db)
          expect(rows.map((row) => row.attname)).toContain('source_fingerprint')
        }
        expect((await checkQueryPlans(store)).flatMap((report) => report.problems)).toEqual([])
        const fingerprint = await databaseFingerprint(store)
        const stacks = await store.db
          .selectFrom('terms')
          .select('name')
          .where('kind', '=', 'stack')
          .execute()
        expect(stacks.length).toBeGreaterThanOrEqual(10)
        const post = synthesizePost(7)
        const row = await store.db
          .selectFrom('posts')
          .selectAll()
          .where('source_id', '=', 'alphanode-000007')
          .executeTakeFirstOrThrow()
        expect(JSON.parse(row.document)).toEqual(post)
        expect(row.slug).toMatch(/-alphanode-000007$/)
        expect(row.review_state).toBe(
          (post.meta.flags as Record<string, number>).needs_human_review
            ? 'pending'
            : 'not_required',
        )
        const links = await store.db
          .selectFrom('post_terms')
          .select('term_id')
          .where('post_id', '=', row.id)
          .execute()
        expect(links.length).toBeGreaterThanOrEqual(10)
        // The index holds exactly the posts whose text has the word, found here without it.
        const withWord = synthLines(0, 120)
          .filter((line) => line.includes('idempotent'))
          .map((line) => JSON.parse(line).meta.payload.source_id)
        expect(withWord.length).toBeGreaterThan(5)
        expect(await fullTextHits(store, 'idempotent')).toEqual(withWord.sort())

        const second = await importPosts(store, { files: [file] })
        expect(second).toMatchObject({
          status: 'succeeded',
          records: 120,
          inserted: 0,
          updated: 0,
          unchanged: 120,
        })
        expect(await databaseFingerprint(store)).toBe(fingerprint)

        // Parsed on the worker thread, batch by batch ahead of the writes: the same database,
        // whether a batch's results come back in one part or in several (of 25).
        for (const batchSize of [7, 60]) {
          const threaded = await freshStore(dialect)
          try {
            expect(
              await importPosts(threaded, { files: [file], parallel: true, batchSize }),
            ).toMatchObject({ inserted: 120, quarantined: 0 })
            expect(await databaseFingerprint(threaded)).toBe(fingerprint)
          } finally {
            await threaded.close()
          }
        }
      } finally {
        await store.close()
      }
    })

    it('updates a changed post: document, terms and full text', async () => {
      const store = await freshStore(dialect)
      const files = inputDir()
      try {
        await importPosts(store, { files: [files.write('a.ndjson', synthLines(0, 20).join('\n'))] })
        const changed = synthesizePost(5)
        changed.title = 'a wholly retitled zanzibar article'
        changed.meta.tools = ['zanzibar-cli']
        const lines = synthLines(0, 20)
        lines[5] = JSON.stringify(changed)
        const result = await importPosts(store, {
          files: [files.write('b.ndjson', lines.join('\n'))],
        })
        expect(result).toMatchObject({ inserted: 0, updated: 1, unchanged: 19 })
        expect(await fullTextHits(store, 'zanzibar')).toEqual(['alphanode-000005'])
        const tools = await store.db
          .selectFrom('post_terms')
          .innerJoin('terms', 'terms.id', 'post_terms.term_id')
          .innerJoin('posts', 'posts.id', 'post_terms.post_id')
          .select('terms.name')
          .where('posts.source_id', '=', 'alphanode-000005')
          .where('terms.kind', '=', 'tool')
          .execute()
        expect(tools.map((tool) => tool.name)).toEqual(['zanzibar-cli'])
        const row = await store.db
          .selectFrom('posts')
          .select(['title', 'slug'])
          .where('source_id', '=', 'alphanode-000005')
          .executeTakeFirstOrThrow()
        expect(row.title).toBe('a wholly retitled zanzibar article')
        expect(row.slug).not.toMatch(/zanzibar/)
      } finally {
        await store.close()
      }
    })

    it.each([
      ['here', false],
      ['on the parser thread', true],
    ])(
      'quarantines every kind of bad record with file, line and reason, and lands the good ones (parsed %s)',
      async (_where, parallel) => {
        const store = await freshStore(dialect)
        const files = inputDir()
        const good = synthLines(100, 6)
        const badSeed = synthesizePost(200) as unknown as { meta: { payload: { seed: unknown } } }
        badSeed.meta.payload.seed = 'abc'
        const file = files.write(
          'mixed.ndjson',
          Buffer.concat([
            Buffer.from(
              `${good[0]}\n{"title": "truncated\n${JSON.stringify(badSeed)}\n${good[1]}\n`,
            ),
            Buffer.from('{"title":"caf'),
            Buffer.from([0xe9, 0x22]),
            Buffer.from(
              `}\n${good[2]}\n${'x'.repeat(5000)}\n${good[0]}\n\n${good[3]}\n{"title":"t","intro":"i.","sections":[],"meta":{}}\n`,
            ),
          ]),
        )
        try {
          const result = await importPosts(store, { files: [file], maxRecordBytes: 4500, parallel })
          expect(result).toMatchObject({ status: 'partial', inserted: 4, quarantined: 6 })
          const reasons = result.quarantinedRecords.map((entry) => `${entry.line}: ${entry.reason}`)
          expect(reasons).toEqual([
            expect.stringMatching(/^2: malformed JSON: /),
            '3: meta.payload.seed: expected integer, got "abc"',
            expect.stringMatching(/^5: invalid UTF-8/),
            '7: record is 5,000 bytes, over the limit of 4,500',
            `8: duplicate source_id "alphanode-000100" in this run (first at ${file}:1)`,
            '11: no meta.payload.source_id: a post needs its identity to be imported',
          ])
          const stored = await store.db
            .selectFrom('quarantine')
            .select(['file', 'line', 'reason', 'record'])
            .orderBy('line')
            .execute()
          expect(stored.map((row) => row.line)).toEqual([2, 3, 5, 7, 8, 11])
          expect(stored.every((row) => row.file === file)).toBe(true)
          expect(stored[3]!.record).toBe('(5,000 bytes, not kept)')
          const count = await store.db
            .selectFrom('posts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
          expect(Number(count.n)).toBe(4)
        } finally {
          await store.close()
        }
      },
    )

    for (const parallel of [false, true])
      it(`stores the same source fingerprints for a first load as for a later import (${parallel ? 'parser thread' : 'inline'})`, async () => {
        const store = await freshStore(dialect)
        const files = inputDir()
        const lines = synthLines(300, 40)
        const first = files.write('first.ndjson', `${lines.slice(0, 20).join('\n')}\n`)
        const all = files.write('all.ndjson', `${lines.join('\n')}\n`)
        try {
          // The first load's fingerprints come from the preparer, a later import's from the run.
          await importPosts(store, { files: [first], parallel })
          expect(await importPosts(store, { files: [all], parallel })).toMatchObject({
            inserted: 20,
            unchanged: 20,
          })
          const rows = await store.db
            .selectFrom('posts')
            .select(['source_id', 'source_fingerprint'])
            .orderBy('source_id')
            .execute()
          expect(rows.map((row) => row.source_fingerprint)).toEqual(
            lines.map((line) =>
              sourceFingerprint(importSettings(false), 'ndjson', Buffer.from(line)),
            ),
          )
        } finally {
          await store.close()
        }
      })

    it('knows a batch it remembers from one row, until a later run updates one of its posts', async () => {
      const store = await freshStore(dialect)
      const files = inputDir()
      const lines = synthLines(400, 12)
      const original = files.write('original.ndjson', `${lines.join('\n')}\n`)
      const changed = synthesizePost(405)
      changed.title = 'a retitled quokka article'
      const edited = lines.with(5, JSON.stringify(changed))
      // Fingerprints looked up one by one, per call: what a remembered batch spares.
      const lookups: number[] = []
      const counted: Store = {
        ...store,
        createSourceLookup: () => {
          const find = store.createSourceLookup()
          return (fingerprints) => {
            lookups.push(fingerprints.length)
            return find(fingerprints)
          }
        },
      }
      const run = (file: string) => importPosts(counted, { files: [file], batchSize: 4 })
      try {
        await run(original)
        const clean = await databaseFingerprint(store)
        lookups.length = 0
        expect(await run(original)).toMatchObject({ unchanged: 12, updated: 0 })
        expect(lookups).toEqual([])

        // Its second batch differs: looked up record by record. The others are remembered.
        expect(await run(files.write('edited.ndjson', edited.join('\n')))).toMatchObject({
          updated: 1,
          unchanged: 11,
        })
        expect(lookups).toEqual([4])
        expect(await fullTextHits(store, 'quokka')).toEqual(['alphanode-000405'])

        // That run updated a post: batches remembered before it are no longer trusted, or the
        // original's second batch would pass for unchanged and the old title stay lost.
        lookups.length = 0
        expect(await run(original)).toMatchObject({ updated: 1, unchanged: 11 })
        expect(lookups).toEqual([4])
        expect(await databaseFingerprint(store)).toBe(clean)

        // A remembered batch read twice in one run: the second time its records are duplicates.
        const twice = files.write(
          'twice.ndjson',
          `${[...lines.slice(0, 4), ...lines.slice(0, 4)].join('\n')}\n`,
        )
        const result = await run(twice)
        expect(result).toMatchObject({ unchanged: 4, quarantined: 4 })
        expect(result.quarantinedRecords.map((entry) => entry.reason)).toEqual(
          lines
            .slice(0, 4)
            .map(
              (_line, i) =>
                `duplicate source_id "alphanode-${String(400 + i).padStart(6, '0')}" in this run (first at ${twice}:${i + 1})`,
            ),
        )
        expect(await databaseFingerprint(store)).toBe(clean)
      } finally {
        await store.close()
      }
    })

    it('lands posts whose identities make one slug, each at its own URL, the same way every run', async () => {
      const files = inputDir()
      const twin = (sourceId: string) => {
        const post = synthesizePost(3) as unknown as { meta: { payload: { source_id: string } } }
        post.meta.payload.source_id = sourceId
        return JSON.stringify(post)
      }
      // `collide_1`, `collide-1` and `collide--1` all end a slug in `collide-1`.
      const file = files.write(
        'twins.ndjson',
        `${twin('collide_1')}\n${twin('collide-1')}\n${synthLines(4, 1)[0]}\n${twin('collide--1')}\n`,
      )
      const earlier = files.write('earlier.ndjson', `${synthLines(9, 1)[0]}\n`)
      const slug = postSlug(synthesizePost(3).title, 'collide_1')
      const expected = [
        { source_id: 'collide_1', slug },
        { source_id: 'collide-1', slug: distinctSlug(slug, 'collide-1') },
        { source_id: 'collide--1', slug: distinctSlug(slug, 'collide--1') },
      ]
      // A first load settles repeated slugs when it builds their index at its end; an
      // import into an archive that holds posts, one by one as it writes them.
      const firstLoads: string[] = []
      for (const into of ['an empty archive', 'an empty archive', 'an archive with a post']) {
        const store = await freshStore(dialect)
        try {
          const firstLoad = into === 'an empty archive'
          if (!firstLoad) await importPosts(store, { files: [earlier] })
          const result = await importPosts(store, { files: [file] })
          expect(result, into).toMatchObject({ status: 'succeeded', inserted: 4, quarantined: 0 })
          expect(await missingDeferredIndexes(store.db, store.caps)).toEqual([])
          const rows = await store.db
            .selectFrom('posts')
            .select(['source_id', 'slug'])
            .where('source_id', 'like', 'collide%')
            .orderBy('id')
            .execute()
          expect(rows, into).toEqual(expected)
          expect(await importPosts(store, { files: [file] })).toMatchObject({ unchanged: 4 })
          if (firstLoad) firstLoads.push(await databaseFingerprint(store))
        } finally {
          await store.close()
        }
      }
      expect(firstLoads[1]).toBe(firstLoads[0])
    })

    it('reads plain-text pages and Markdown by extension or by content, and NDJSON from stdin', async () => {
      const store = await freshStore(dialect)
      const files = inputDir()
      try {
        const page = files.write('one.txt', writePage(synthesizePost(301)))
        const markdown = files.write('two.md', writeMarkdown(synthesizePost(302)))
        const sniffedPage = files.write('three', writePage(synthesizePost(303)))
        const sniffedMarkdown = files.write('four', writeMarkdown(synthesizePost(304)))
        const brokenPage = files.write(
          'five.txt',
          writePage(synthesizePost(305)).replace('difficulty', 'flavour'),
        )
        const result = await importPosts(store, {
          files: [page, markdown, sniffedPage, sniffedMarkdown, brokenPage],
        })
        expect(result).toMatchObject({ inserted: 4, quarantined: 1 })
        expect(result.quarantinedRecords[0]).toMatchObject({
          file: brokenPage,
          reason: expect.stringMatching(/unknown meta label in "flavour/),
        })
        expect(result.quarantinedRecords[0]!.line).toBeGreaterThan(20)
        const stdin = Readable.from([`${synthLines(306, 2).join('\n')}\n`])
        expect(await importPosts(store, { files: ['-'], stdin })).toMatchObject({ inserted: 2 })
        const rows = await store.db
          .selectFrom('posts')
          .select('document')
          .where('source_id', '=', 'alphanode-000302')
          .executeTakeFirstOrThrow()
        expect(JSON.parse(rows.document)).toEqual(synthesizePost(302))
      } finally {
        await store.close()
      }
    })

    it("keeps an editor's decision through re-imports, and holds all generated posts when asked", async () => {
      const store = await freshStore(dialect)
      const files = inputDir()
      try {
        const lines = synthLines(400, 30)
        const pendingId = lines
          .map((line) => JSON.parse(line))
          .find((post) => post.meta.flags.needs_human_review === 1).meta.payload.source_id
        await importPosts(store, { files: [files.write('a.ndjson', lines.join('\n'))] })
        await store.db
          .updateTable('posts')
          .set({ review_state: 'approved' })
          .where('source_id', '=', pendingId)
          .execute()
        const changed = lines.map((line) =>
          line.includes(pendingId) ? line.replace('"reading_time":', '"reading_time":1') : line,
        )
        await importPosts(store, { files: [files.write('b.ndjson', changed.join('\n'))] })
        const row = await store.db
          .selectFrom('posts')
          .select('review_state')
          .where('source_id', '=', pendingId)
          .executeTakeFirstOrThrow()
        expect(row.review_state).toBe('approved')
        await importPosts(store, {
          files: [files.write('c.ndjson', synthLines(500, 10).join('\n'))],
          reviewAllGenerated: true,
        })
        const held = await store.db
          .selectFrom('posts')
          .select('review_state')
          .where('source_id', 'like', 'alphanode-0005%')
          .execute()
        expect(held.every((post) => post.review_state === 'pending')).toBe(true)
      } finally {
        await store.close()
      }
    })
  })
}
