import type { FastifyInstance } from 'fastify'
import type { SiteDeps } from '../site-deps.ts'

/** Fingerprinted static files: their URL changes with their content, so browsers keep them a year. */
export function assetRoutes(app: FastifyInstance, { assets }: SiteDeps): void {
  for (const asset of assets.values()) {
    app.get(asset.path, async (_request, reply) => {
      // Cache-Control comes from the `assets` cache rule: immutable, a year.
      return reply.type(asset.contentType).send(asset.body)
    })
  }
}
