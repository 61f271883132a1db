import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

export interface Asset {
  /** The URL, with a hash of the content in the name: a change gets a new URL. */
  path: string
  contentType: string
  body: Buffer
}

const FILES = [{ name: 'site', extension: 'css', contentType: 'text/css; charset=utf-8' }] as const

/** The static files, read once and named by content hash, so they can be cached for a year. */
export function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>()
  for (const { name, extension, contentType } of FILES) {
    const body = readFileSync(new URL(`./assets/${name}.${extension}`, import.meta.url))
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
    const path = `/assets/${name}.${hash}.${extension}`
    assets.set(name, { path, contentType, body })
  }
  return assets
}
