/** The database: Kysely over SQLite (better-sqlite3) or PostgreSQL (pg), schema and repositories. */

export {
  type BackgroundCheckpoints,
  noBackgroundCheckpoints,
} from './background-checkpoints.ts'
export {
  lastPurgeId,
  MAX_POSTS_PER_PURGE,
  type PurgeTarget,
  prunePurges,
  purgesAfter,
  type RecordedPurge,
  recordPurge,
} from './cache-purges.ts'
export type { Capabilities } from './capabilities.ts'
export { databaseFingerprint } from './database-fingerprint.ts'
export { DEFAULT_DATABASE_URL, parseDatabaseUrl, redactUrl } from './database-url.ts'
export {
  DEFERRED_INDEXES,
  dropDeferredIndexes,
  missingDeferredIndexes,
  refreshPlannerStatistics,
  restoreDeferredIndexes,
} from './deferred-indexes.ts'
export {
  FTS5_SHARD_POSTS,
  fts5ShardOf,
  fts5ShardTable,
  listFts5Shards,
} from './dialects/fts5-shards.ts'
export {
  closeSession,
  type Editor,
  editorCredentials,
  listEditors,
  openSession,
  removeEditor,
  saveEditor,
  sessionEditor,
} from './editors.ts'
export {
  type Checkpoint,
  createImportLog,
  type ImportLog,
  type MarkSeen,
  markSeen,
  parseCheckpoint,
  type QuarantineEntry,
  type RunCounts,
  type SeenEntry,
} from './import-log.ts'
export type { FindKnownSources } from './known-sources.ts'
export {
  isSchemaCurrent,
  type MigrationState,
  migrateToLatest,
  migrationStatus,
} from './migrate.ts'
export { type OpenOptions, openStore, restoreStore, type Store } from './open-store.ts'
export {
  type Deploy,
  pruneRequestMinutes,
  type RequestMinute,
  recentDeploys,
  recordDeploy,
  requestMinutes,
  saveRequestMinutes,
} from './operations-log.ts'
export {
  type ArticleReads,
  createPostReads,
  INDEXABLE_STATES,
  type ListedPost,
  type PostLink,
  type PostReads,
  SERVED_STATES,
  type SitemapEntry,
  type Slice,
  type StoredPost,
  type TermCount,
} from './post-reads.ts'
export {
  createPostWriter,
  type PostRecord,
  type PostWriter,
  type PostWriterOptions,
  postRecord,
  type WriteResult,
} from './post-writer.ts'
export { checkQueryPlans, type PlanReport } from './query-plans.ts'
export { countRequest, type RateWindow, readRequests } from './rate-limits.ts'
export type { RelatedRow, RelatedWriter } from './related-writer.ts'
export {
  decideReview,
  holdGenerated,
  type OnReviewProgress,
  type ReviewChange,
  type ReviewDecision,
  type ReviewQueueItem,
  releaseGenerated,
  reviewQueue,
} from './review.ts'
export type {
  ImportRunRow,
  ImportStatus,
  PostRow,
  QuarantineRow,
  ReviewState,
  Tables,
} from './schema.ts'
