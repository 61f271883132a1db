import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Post } from '../content/index.ts'
import { buildPost } from '../content/testing/build-post.ts'
import {
  FTS5_SHARD_POSTS,
  listFts5Shards,
  postRecord,
  type ReviewState,
  type Store,
} from '../store/index.ts'
import { PLACEHOLDER, placeholderPost } from '../store/testing/seed-posts.ts'
import { testDatabases, testDialects } from '../store/testing/test-stores.ts'
import { createSearch, type Search } from './search-posts.ts'

function article(n: number, title: string, paragraph: string, meta: Post['meta'] = {}): Post {
  return buildPost({
    title,
    intro: `an intro for article ${n}.`,
    sections: [{ heading: 'notes', blocks: [{ paragraph }] }],
    meta: { ...meta, payload: { source_id: `test-${String(n).padStart(4, '0')}` } },
  })
}

async function store(db: Store, posts: Array<{ post: Post; review?: ReviewState }>) {
  const writer = db.createPostWriter()
  const records = posts.map(({ post }) => {
    const sourceId = (post.meta.payload as { source_id: string }).source_id
    return { ...postRecord(post, { sourceId, sourceFingerprint: sourceId }), needsReview: false }
  })
  await db.db.transaction().execute(async (trx) => {
    await writer.write(trx, records, new Date().toISOString())
    await writer.finish(trx)
  })
  writer.committed()
  for (const { post, review } of posts) {
    if (review)
      await db.db
        .updateTable('posts')
        .set({ review_state: review })
        .where('source_id', '=', (post.meta.payload as { source_id: string }).source_id)
        .execute()
  }
}

const NASTY = [
  '',
  '   ',
  '"',
  "'",
  '(',
  ')',
  '((a',
  'a)',
  '"unbalanced',
  'a"b',
  'AND',
  'OR NOT',
  'NEAR(a b)',
  'title:zephyr',
  '*',
  'zep*',
  '^zephyr',
  '-zephyr',
  '+zephyr',
  'a & b | !c',
  "zephyr'); drop table posts; --",
  '%_\\',
  '\u0000',
  'x'.repeat(10_000),
  'zephyr '.repeat(500),
  '🚀',
  '東京',
  'ключ',
  'café',
  'ﬁle',
  '<script>alert(1)</script>',
]

const databases = testDatabases()

for (const dialect of await testDialects()) {
  describe(`search on ${dialect}`, () => {
    let db: Store
    let search: Search
    beforeAll(async () => {
      const database = await databases.create(dialect)
      db = await database.open()
      search = createSearch(db)
      const posts: Array<{ post: Post; review?: ReviewState }> = [
        {
          post: article(1, 'caching with a zephyr layer', 'nothing else here at all.', {
            stack: ['go services', 'backend'],
            difficulty: 'advanced',
          }),
        },
        {
          post: article(2, 'an unrelated title', 'the zephyr appears only in this body text.', {
            stack: ['python services', 'backend'],
            difficulty: 'beginner',
          }),
        },
        {
          post: article(3, 'zephyr waiting for review', 'pending content about zephyr.', {
            stack: ['go services', 'backend'],
          }),
          review: 'pending',
        },
        {
          post: article(4, 'zephyr that was rejected', 'rejected content about zephyr.'),
          review: 'rejected',
        },
        { post: article(5, 'tokyo notes', 'a paragraph about 東京 and café culture.') },
      ]
      for (let n = 10; n < 35; n++)
        posts.push({
          post: article(n, `pagination post ${n}`, 'every one of these mentions quokka once.'),
        })
      // On SQLite the posts straddle two full-text shards: the newest four quokka posts
      // (31 to 34) land in the second, the rest in the first.
      if (dialect === 'sqlite') await placeholderPost(db, FTS5_SHARD_POSTS - 27)
      await store(db, posts)
      await db.db.deleteFrom('posts').where('source_id', '=', PLACEHOLDER).execute()
    })
    afterAll(async () => {
      await db.close()
    })

    it('ranks a title match above a body match, and marks the words in the snippet', async () => {
      const result = await search.search({ text: 'Zephyr' })
      expect(result.terms).toEqual(['zephyr'])
      // Both title matches (one also has it in its body) come before the body-only match.
      const ids = result.hits.map((hit) => hit.sourceId)
      expect(ids.slice(0, 2).sort()).toEqual(['test-0001', 'test-0003'])
      expect(ids[2]).toBe('test-0002')
      const snippet = result.hits.find((hit) => hit.sourceId === 'test-0002')!.snippet
      expect(snippet.filter((part) => part.match).map((part) => part.text.trim())).toEqual([
        'zephyr',
      ])
      expect(result.total).toBe(3)
    })

    it.each([
      ['listed', () => search],
      ['looked up per match', () => createSearch(db, { listedTermPosts: 0 })],
    ])(
      'filters by stack and difficulty (terms %s), by review state, and gives nothing for an unknown term',
      async (_how, make) => {
        const search = make()
        const goServices = await search.search({
          text: 'zephyr',
          filters: { stack: 'Go Services' },
        })
        expect(goServices.hits.map((hit) => hit.sourceId).sort()).toEqual([
          'test-0001',
          'test-0003',
        ])
        expect(
          (await search.search({ text: 'zephyr', filters: { difficulty: 'beginner' } })).hits.map(
            (hit) => hit.sourceId,
          ),
        ).toEqual(['test-0002'])
        expect(
          (await search.search({ text: 'zephyr', filters: { review: ['pending'] } })).hits.map(
            (hit) => hit.sourceId,
          ),
        ).toEqual(['test-0003'])
        expect(
          (await search.search({ text: 'zephyr', filters: { review: ['rejected'] } })).hits.map(
            (hit) => hit.sourceId,
          ),
        ).toEqual(['test-0004'])
        expect(
          (await search.search({ text: 'zephyr', filters: { stack: 'cobol mainframes' } })).hits,
        ).toEqual([])
      },
    )

    it('pages through results in a stable order with a total', async () => {
      const pages = await Promise.all(
        [1, 2, 3].map((page) => search.search({ text: 'quokka', page, pageSize: 10 })),
      )
      expect(pages.map((p) => p.hits.length)).toEqual([10, 10, 5])
      const ids = pages.flatMap((p) => p.hits.map((hit) => hit.sourceId))
      expect(new Set(ids).size).toBe(25)
      expect(pages[0]!.total).toBe(25)
      expect((await search.search({ text: 'quokka', page: 2, pageSize: 10 })).hits).toEqual(
        pages[1]!.hits,
      )
    })

    it('ranks only the newest matches, as many as it is told, and counts no further', async () => {
      if (dialect === 'sqlite') expect(await listFts5Shards(db.db)).toEqual([0, 1])
      const newest = await createSearch(db, { candidates: 5 }).search({ text: 'quokka' })
      expect(newest.total).toBe(5)
      expect(newest.totalCap).toBe(5)
      // The 25 quokka posts were stored in the order of their numbers: 30 to 34 are the newest.
      expect(newest.hits.map((hit) => hit.sourceId).sort()).toEqual([
        'test-0030',
        'test-0031',
        'test-0032',
        'test-0033',
        'test-0034',
      ])
      // A query with fewer matches than the window ranks every one of them.
      expect((await createSearch(db, { candidates: 5 }).search({ text: 'zephyr' })).total).toBe(3)
    })

    it('finds words of other scripts and accented words', async () => {
      expect((await search.search({ text: '東京' })).hits.map((hit) => hit.sourceId)).toEqual([
        'test-0005',
      ])
      expect((await search.search({ text: 'café' })).hits.map((hit) => hit.sourceId)).toEqual([
        'test-0005',
      ])
    })

    it('answers every hostile query with results or an empty page, never an error', async () => {
      for (const text of NASTY) {
        const result = await search.search({ text, page: 1 })
        expect(Array.isArray(result.hits), JSON.stringify(text.slice(0, 40))).toBe(true)
      }
      // Every word is required, so this finds nothing, and the posts are all still there.
      expect((await search.search({ text: "zephyr'); drop table posts; --" })).hits).toEqual([])
      expect((await search.search({ text: 'zephyr' })).total).toBe(3)
      // Column filters and operators are only words: `title:zephyr` is "title" and "zephyr".
      expect(await search.search({ text: 'title:zephyr' })).toEqual(
        await search.search({ text: 'title zephyr' }),
      )
      expect(await search.search({ text: 'NEAR(zephyr body)' })).toEqual(
        await search.search({ text: 'near zephyr body' }),
      )
      expect((await search.search({ text: '', page: -3, pageSize: 10_000 })).pageSize).toBe(100)
    })
  })
}
