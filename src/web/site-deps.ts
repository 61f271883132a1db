import type { Search } from '../search/index.ts'
import type { PostReads } from '../store/index.ts'
import type { Asset } from './assets.ts'
import type { TermLinks } from './term-links.ts'
import type { SiteContext } from './views/layout.ts'

/** What the routes share: the site's identity, its reads, search, and static files. */
export interface SiteDeps {
  site: SiteContext
  /** Renders pages whose term links are all known (see `termLinks`). */
  terms: Pick<TermLinks, 'settled'>
  reads: PostReads
  search: Search
  assets: Map<string, Asset>
  sitemapShardSize: number
}
