/** The site: server-rendered pages, feeds and sitemaps over the store. */
export { createSite, type SiteOptions } from './server.ts'
