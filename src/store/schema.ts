import type { Generated, Insertable, Selectable } from 'kysely'

/** Review of generated content before it is indexed. */
export type ReviewState = 'pending' | 'approved' | 'rejected' | 'not_required'

export interface PostsTable {
  id: Generated<number>
  source_id: string
  slug: string
  title: string
  /** The article's date (`YYYY-MM-DD`), for newest-first lists; null when the post has none. */
  published_at: string | null
  review_state: ReviewState
  /** 1 when the post says the content synthesizer made it. */
  generated: number
  /** The whole post as JSON text (not jsonb: meta key order is display order). */
  document: string
  /** Hash of the canonical post: equal means nothing to write. */
  fingerprint: string
  /** Hash of the raw record as read, with the import settings: lets a re-import skip parsing. */
  source_fingerprint: string
  created_at: string
  updated_at: string
}

export interface TermsTable {
  id: Generated<number>
  kind: string
  name: string
  /** Posts filed under the term, kept by every writer of post_terms (store/term-counts.ts). */
  post_count: Generated<number>
}

export interface PostTermsTable {
  post_id: number
  term_id: number
  /** Copied from the post so an archive page is one index range scan, newest first. */
  published_at: string | null
}

export type ImportStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted'

export interface ImportRunsTable {
  id: Generated<number>
  /** The inputs, as a JSON list of paths. */
  source: string
  /** Identity of the inputs (paths, sizes, first bytes): a resumed run must match it. */
  source_key: string
  status: ImportStatus
  started_at: string
  finished_at: string | null
  records: Generated<number>
  inserted: Generated<number>
  updated: Generated<number>
  unchanged: Generated<number>
  quarantined: Generated<number>
  bytes: Generated<number>
  error: string | null
  /** JSON `{ file, offset, line }`: where the last committed batch ended. */
  checkpoint: string | null
  resumed: Generated<number>
  /** Where the run's process lives, so a later run can tell a killed run from a live one. */
  host: string
  pid: number
}

export interface ImportSeenTable {
  run_id: number
  source_id: string
  file: string
  line: number
}

export interface ImportBatchTable {
  /** A hash of the batch's records' source fingerprints, in order. */
  digest: string
  /** The run that last wrote the batch or found it unchanged. */
  run_id: number
  /** JSON array of the records' source ids, in order. */
  source_ids: string
}

export interface QuarantineTable {
  id: Generated<number>
  run_id: number
  file: string
  line: number
  reason: string
  /** The start of the bad record, as text (invalid bytes replaced), for a person to read. */
  record: string
  created_at: string
}

/** The full-text row of a post (PostgreSQL; SQLite keeps an FTS5 table instead). */
export interface PostSearchTable {
  post_id: number
  search: string
}

export interface RelatedPostsTable {
  post_id: number
  rank: number
  related_id: number
  score: number
}

/** The words of every feature Similar Posts have met, numbered once for good. */
export interface FeatureNamesTable {
  id: Generated<number>
  /** `kind:value`, as related/features.ts makes it. */
  name: string
}

/** Each post's Similar Posts features, so an update need not read every document again. */
export interface PostFeaturesTable {
  post_id: number
  /** The post's `updated_at` when its features were taken: unequal means they are stale. */
  updated_at: string
  /** The extraction code's version (related/features.ts): another one means they are stale. */
  version: number
  /** Its feature numbers (feature_names.id), ascending, as gaps in LEB128 (related/feature-codec.ts). */
  features: Uint8Array
}

export interface DeploysTable {
  id: Generated<number>
  version: string
  commit: string
  /** The host and process that started, so several web nodes each show. */
  node: string
  started_at: string
}

export interface RequestMinutesTable {
  /** The minute's start, ISO 8601 UTC (`2026-11-22T03:04:00.000Z`). */
  minute: string
  node: string
  requests: number
  /** Responses with a 5xx status. */
  errors: number
  /** JSON array of counts per latency bucket (the buckets are fixed in code). */
  buckets: string
}

export interface CachePurgesTable {
  id: Generated<number>
  targets: string
  created_at: string
}

export interface UsersTable {
  id: Generated<number>
  email: string
  /** `scrypt$N$r$p$salt$hash`, base64url parts. */
  password_hash: string
  created_at: string
  last_login_at: string | null
}

export interface SessionsTable {
  token_hash: string
  user_id: number
  created_at: string
  expires_at: string
}

export interface RateLimitsTable {
  key: string
  window_started_ms: number
  hits: number
}

export interface Tables {
  posts: PostsTable
  terms: TermsTable
  post_terms: PostTermsTable
  import_runs: ImportRunsTable
  import_seen: ImportSeenTable
  import_batches: ImportBatchTable
  quarantine: QuarantineTable
  post_search: PostSearchTable
  related_posts: RelatedPostsTable
  feature_names: FeatureNamesTable
  post_features: PostFeaturesTable
  deploys: DeploysTable
  request_minutes: RequestMinutesTable
  cache_purges: CachePurgesTable
  users: UsersTable
  sessions: SessionsTable
  rate_limits: RateLimitsTable
}

export type PostRow = Selectable<PostsTable>
export type NewPostRow = Insertable<PostsTable>
export type ImportRunRow = Selectable<ImportRunsTable>
export type QuarantineRow = Selectable<QuarantineTable>
