/** Streaming, idempotent, resumable import of posts, with a run log and quarantine. */
export {
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
  importPosts,
  STDIN,
} from './import-posts.ts'
export { detectFormat, type RecordFormat } from './read-records.ts'
