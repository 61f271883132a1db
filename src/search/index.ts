/** Full-text search: safe for any input, ranked, filtered, paginated, with snippets. */
export { queryTerms } from './query-terms.ts'
export {
  createSearch,
  type Search,
  type SearchFilters,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from './search-posts.ts'
export type { SnippetPart } from './snippet.ts'
