/**
 * The post model and its formats. Pure: it imports no other folder of ours. Validation (zod)
 * and Markdown (mdast, yaml) have surfaces of their own, `./validation/index.ts` and
 * `./markdown/index.ts`, so code that only renders does not load them.
 */

export { firstDifference, valueAt } from './compare.ts'
export { decodeText, normalizeLineEnds } from './decode-text.ts'
export { contentHash, contentText, hashContentText, postFingerprint } from './hashing.ts'
export { writeJson, writeNdjsonLine } from './json-forms.ts'
export { KNOWN_META_KEYS, keyToLabel, labelToKey } from './meta-labels.ts'
export type { Block, Figure, MetaMap, MetaScalar, MetaValue, Post, Section } from './post.ts'
export { CODE_LANGUAGE, canonicalPost, isMetaMap, isScalar, sourceIdOf } from './post.ts'
export {
  distinctSlug,
  isGenerated,
  needsReview,
  type PostTerm,
  postSlug,
  postTerms,
  publishedDate,
  type TermKind,
} from './post-facts.ts'
export { formatOfPath, POST_FORMATS, type PostFormat } from './post-format.ts'
export { type SearchText, searchText } from './search-text.ts'
export { type Page, type ReadPageOptions, readPage } from './text-page/read-page.ts'
export { type WritePageOptions, writePage } from './text-page/write-page.ts'
