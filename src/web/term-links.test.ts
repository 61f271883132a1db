import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { isMetaMap, type Post, postSlug, sourceIdOf } from '../content/index.ts'
import { writePosts } from '../store/testing/seed-posts.ts'
import { testDatabases } from '../store/testing/test-stores.ts'
import { synthesizePost } from '../synth/index.ts'
import { createSite } from './server.ts'
import { PUBLIC_URL } from './testing/site-fixture.ts'

const databases = testDatabases()

/** A synthesized post filed under one stack, named here. */
function filedUnder(seed: number, stack: string): Post {
  const post = synthesizePost(seed)
  const entities = Array.isArray(post.meta.entities)
    ? post.meta.entities.filter((entity) => !isMetaMap(entity) || entity.type !== 'stack')
    : []
  return { ...post, meta: { ...post.meta, stack: [stack], entities } }
}

const stackLink = (page: string) =>
  /<p class="post-kicker">(?:[^<]|<(?!a href="\/stacks\/))*<a href="(\/stacks\/[^"]+)"/.exec(
    page,
  )?.[1]

describe('term links', () => {
  it('take each term to its own archive when two names make one slug', async () => {
    const database = await databases.create('sqlite')
    const store = await database.open()
    const posts = [filedUnder(1, 'node js'), filedUnder(2, 'node.js')]
    await writePosts(store, posts)
    const app = createSite({ store, log: pino({ level: 'silent' }), publicUrl: PUBLIC_URL })
    try {
      await app.ready()
      const archives = new Set<string>()
      for (const post of posts) {
        const page = await app.inject(`/posts/${postSlug(post.title, sourceIdOf(post)!)}`)
        const link = stackLink(page.body)
        expect(link, String(post.meta.stack)).toBeDefined()
        archives.add(link!)
        const archive = await app.inject(link!)
        expect(archive.statusCode).toBe(200)
        expect(archive.body).toContain(`>${post.title}</a>`)
        // The home page's list links the same archive.
        expect((await app.inject('/')).body).toContain(`href="${link}"`)
      }
      expect(archives.size).toBe(2)
    } finally {
      await app.close()
      await store.close()
    }
  })
})
