/** The site: server-rendered pages, feeds and sitemaps over the store. */

export type { BuildInfo } from './operations/health.ts'
export { createSite, type SiteOptions } from './server.ts'
