/** The post model and its formats. Pure: it imports no other folder of ours. */

export { firstDifference } from './compare.ts'
export { decodeText, normalizeLineEnds } from './decode-text.ts'
export { contentHash, postFingerprint } from './hashing.ts'
export { readJson, readNdjson, writeJson, writeNdjsonLine } from './json-forms.ts'
export { readMarkdown } from './markdown/read-markdown.ts'
export { writeMarkdown } from './markdown/write-markdown.ts'
export { KNOWN_META_KEYS, keyToLabel, labelToKey } from './meta-labels.ts'
export type { Block, Figure, MetaMap, MetaScalar, MetaValue, Post, Section } from './post.ts'
export { isMetaMap, isScalar, sourceIdOf } from './post.ts'
export { canonicalPost, checkPost, type PostProblem, parsePost } from './post-schema.ts'
export { type Page, type ReadPageOptions, readPage } from './text-page/read-page.ts'
export { type WritePageOptions, writePage } from './text-page/write-page.ts'
