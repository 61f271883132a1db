import type { Kysely } from 'kysely'
import type { ReviewState, Tables } from './schema.ts'

/** Review states whose posts readers and crawlers may find (sitemaps, feeds, Similar Posts). */
export const INDEXABLE_STATES: readonly ReviewState[] = ['approved', 'not_required']
/** Review states that are served at all: a rejected post is gone. */
export const SERVED_STATES: readonly ReviewState[] = ['approved', 'not_required', 'pending']
// Lists filter by the states they leave out: `not in` keeps SQLite on the date or id order
// instead of the review index, which would then sort every match (see `db check`).
const NOT_INDEXABLE: readonly ReviewState[] = ['pending', 'rejected']

/** The review states a post's page must not link to: a findable page never links to one awaiting review. */
export const hiddenFromPageOf = (state: ReviewState): readonly ReviewState[] =>
  INDEXABLE_STATES.includes(state) ? NOT_INDEXABLE : ['rejected']

const REVIEW_STATES = ['approved', 'not_required', 'pending', 'rejected'] as const

/** States as SQL string literals, for statements written once with them in their text. */
const quotedStates = (states: readonly ReviewState[]) =>
  states.map((state) => `'${state}'`).join(', ')

/**
 * SQL that holds when a Similar Post `q` may be shown on the page of post `p`, by p's review
 * state (as `hiddenFromPageOf` says), for the dialects' one-statement article reads.
 */
export const SHOWN_ON_PAGE_SQL = REVIEW_STATES.map(
  (state) =>
    `(p.review_state = '${state}' and q.review_state not in (${quotedStates(hiddenFromPageOf(state))}))`,
).join(' or ')

/** A posts row, as the columns name it. */
export interface StoredPostRow {
  id: number
  source_id: string
  slug: string
  title: string
  published_at: string | null
  review_state: ReviewState
  document: string
  updated_at: string
}

export const toStoredPost = (row: StoredPostRow): StoredPost => ({
  id: row.id,
  sourceId: row.source_id,
  slug: row.slug,
  title: row.title,
  publishedAt: row.published_at,
  reviewState: row.review_state,
  document: row.document,
  updatedAt: row.updated_at,
})

export const toPostLink = (row: {
  slug: string
  title: string
  review_state: ReviewState
}): PostLink => ({ slug: row.slug, title: row.title, reviewState: row.review_state })

export interface StoredPost {
  id: number
  sourceId: string
  slug: string
  title: string
  publishedAt: string | null
  reviewState: ReviewState
  /** The post model as JSON text. */
  document: string
  updatedAt: string
}

export interface PostLink {
  slug: string
  title: string
  reviewState: ReviewState
}

/** What an article page reads: the post, and the Similar Posts its page may show. */
export interface ArticleReads {
  post: StoredPost
  similar: PostLink[]
}

export interface ListedPost extends PostLink {
  publishedAt: string | null
  document: string
}

export interface TermCount {
  id: number
  name: string
  posts: number
}

export interface Slice<T> {
  items: T[]
  /** True when a later page has items. */
  more: boolean
}

export interface SitemapEntry {
  slug: string
  updatedAt: string
}

/**
 * The reads the site serves, each one a query `db check` proves uses an index. Lists fetch
 * one row more than a page to know whether a next page exists, instead of counting a million.
 */
export function createPostReads(db: Kysely<Tables>) {
  const listed = ['slug', 'title', 'review_state', 'published_at', 'document'] as const
  const toListed = (row: {
    slug: string
    title: string
    review_state: ReviewState
    published_at: string | null
    document: string
  }): ListedPost => ({
    slug: row.slug,
    title: row.title,
    reviewState: row.review_state,
    publishedAt: row.published_at,
    document: row.document,
  })
  const slice = <T>(rows: T[], size: number): Slice<T> => ({
    items: rows.slice(0, size),
    more: rows.length > size,
  })

  async function bySlug(slug: string): Promise<StoredPost | undefined> {
    const row = await db
      .selectFrom('posts')
      .select([
        'id',
        'source_id',
        'slug',
        'title',
        'published_at',
        'review_state',
        'document',
        'updated_at',
      ])
      .where('slug', '=', slug)
      .executeTakeFirst()
    return row && toStoredPost(row)
  }

  /**
   * A post's stored Similar Posts, in rank order, as they may be shown now: a post rejected
   * since the lists were computed is dropped, and a page readers can find never links to a
   * post awaiting review.
   */
  async function similar(post: Pick<StoredPost, 'id' | 'reviewState'>): Promise<PostLink[]> {
    const rows = await db
      .selectFrom('related_posts as r')
      .innerJoin('posts as p', 'p.id', 'r.related_id')
      .select(['p.slug', 'p.title', 'p.review_state'])
      .where('r.post_id', '=', post.id)
      .where('p.review_state', 'not in', hiddenFromPageOf(post.reviewState))
      .orderBy('r.rank')
      .execute()
    return rows.map(toPostLink)
  }

  return {
    bySlug,
    similar,

    /**
     * The post at `slug` with its Similar Posts as `similar` gives them. Two reads here; each
     * dialect's reads replace this with one statement that must return the same.
     */
    async article(slug: string): Promise<ArticleReads | undefined> {
      const post = await bySlug(slug)
      return post && { post, similar: await similar(post) }
    },

    /** Newest first, every served post (the home page labels those awaiting review). */
    async newest(page: number, size: number): Promise<Slice<ListedPost>> {
      const rows = await db
        .selectFrom('posts')
        .select(listed)
        .where('review_state', '!=', 'rejected')
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(size + 1)
        .offset((page - 1) * size)
        .execute()
      return slice(rows.map(toListed), size)
    },

    /** Newest indexable posts, for feeds. */
    async newestIndexable(size: number): Promise<Array<ListedPost & { updatedAt: string }>> {
      const rows = await db
        .selectFrom('posts')
        .select([...listed, 'updated_at'])
        .where('review_state', 'not in', NOT_INDEXABLE)
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(size)
        .execute()
      return rows.map((row) => ({ ...toListed(row), updatedAt: row.updated_at }))
    },

    /**
     * Every term of one kind, by name, with its count of posts. Terms no post carries any
     * longer are listed too (count 0): their names still hold their archive URLs, so that a
     * name colliding with theirs never takes over one (see `termSlugs`).
     */
    async terms(kind: string): Promise<TermCount[]> {
      const rows = await db
        .selectFrom('terms')
        .select(['id', 'name', 'post_count'])
        .where('kind', '=', kind)
        .orderBy('name')
        .execute()
      return rows.map((row) => ({ id: row.id, name: row.name, posts: row.post_count }))
    },

    /** One archive page: the term's posts, newest first (rejected posts have no links). */
    async archive(termId: number, page: number, size: number): Promise<Slice<ListedPost>> {
      const rows = await db
        .selectFrom('post_terms as pt')
        .innerJoin('posts as p', 'p.id', 'pt.post_id')
        .select(['p.slug', 'p.title', 'p.review_state', 'p.published_at', 'p.document'])
        .where('pt.term_id', '=', termId)
        .orderBy('pt.published_at', 'desc')
        .orderBy('pt.post_id', 'desc')
        .limit(size + 1)
        .offset((page - 1) * size)
        .execute()
      return slice(rows.map(toListed), size)
    },

    /** The highest post id: sitemap shards are fixed id ranges, so their URLs never move. */
    async maxPostId(): Promise<number> {
      const row = await db
        .selectFrom('posts')
        .select((eb) => eb.fn.max('id').as('max'))
        .executeTakeFirst()
      return Number(row?.max ?? 0)
    },

    /** Indexable posts with ids in [from, to], by id. */
    async sitemapRange(from: number, to: number): Promise<SitemapEntry[]> {
      const rows = await db
        .selectFrom('posts')
        .select(['slug', 'updated_at'])
        .where('id', '>=', from)
        .where('id', '<=', to)
        .where('review_state', 'not in', NOT_INDEXABLE)
        .orderBy('id')
        .execute()
      return rows.map((row) => ({ slug: row.slug, updatedAt: row.updated_at }))
    },
  }
}

export type PostReads = ReturnType<typeof createPostReads>
