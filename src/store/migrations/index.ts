import type { Migration } from 'kysely/migration'
import type { Capabilities } from '../capabilities.ts'
import { createPosts } from './0001-create-posts.ts'
import { createFullText } from './0002-create-full-text.ts'
import { createImportLog } from './0003-create-import-log.ts'
import { createRelated } from './0004-create-related.ts'
import { countTermPosts } from './0005-count-term-posts.ts'
import { createOperations } from './0006-create-operations.ts'
import { indexPostUpdates } from './0007-index-post-updates.ts'
import { countTermsInWriters } from './0008-count-terms-in-writers.ts'
import { unlinkRelatedPosts } from './0009-unlink-related-posts.ts'
import { shardFullText } from './0010-shard-full-text.ts'
import { mergeFullTextLess } from './0011-merge-full-text-less.ts'
import { storePostFeatures } from './0012-store-post-features.ts'
import { nameSlugIndex } from './0013-name-slug-index.ts'
import { createRateLimits } from './0014-create-rate-limits.ts'
import { rememberImportBatches } from './0015-remember-import-batches.ts'
import { clusterRelatedPosts } from './0016-cluster-related-posts.ts'

/** Every migration, in order: a static map (no folder scanning), shaped by the dialect's capabilities. */
export const migrationsFor = (caps: Capabilities): Record<string, Migration> => ({
  '0001-create-posts': createPosts(caps),
  '0002-create-full-text': createFullText(caps),
  '0003-create-import-log': createImportLog(caps),
  '0004-create-related': createRelated(),
  '0005-count-term-posts': countTermPosts(caps),
  '0006-create-operations': createOperations(caps),
  '0007-index-post-updates': indexPostUpdates(),
  '0008-count-terms-in-writers': countTermsInWriters(caps),
  '0009-unlink-related-posts': unlinkRelatedPosts(),
  '0010-shard-full-text': shardFullText(caps),
  '0011-merge-full-text-less': mergeFullTextLess(caps),
  '0012-store-post-features': storePostFeatures(caps),
  '0013-name-slug-index': nameSlugIndex(caps),
  '0014-create-rate-limits': createRateLimits(),
  '0015-remember-import-batches': rememberImportBatches(),
  '0016-cluster-related-posts': clusterRelatedPosts(caps),
})
