import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { isMetaMap, type Post, postSlug, sourceIdOf } from '../content/index.ts'
import { decideReview, type Store } from '../store/index.ts'
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

const siteOver = (store: Store) =>
  createSite({ store, log: pino({ level: 'silent' }), publicUrl: PUBLIC_URL })

const pathOf = (post: Post) => `/posts/${postSlug(post.title, sourceIdOf(post)!)}`
// Two names that make one slug; the second sorts before the first.
const older = filedUnder(2, 'node.js')
const newer = filedUnder(1, 'node js')

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
    const app = siteOver(store)
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

  it('keep every archive URL where it was when a colliding name comes later or empties', async () => {
    // By name order, `node js` took the plain slug and moved the older term's archive.
    const store = await (await databases.create('sqlite')).open()
    const linksOnAFreshSite = async (posts: readonly Post[]) => {
      const app = siteOver(store)
      try {
        await app.ready()
        const links: string[] = []
        for (const post of posts) {
          const page = await app.inject(pathOf(post))
          links.push(stackLink(page.body)!)
        }
        const archives = await Promise.all(links.map((link) => app.inject(link)))
        const index = (await app.inject('/stacks')).body
        return { links, archives, index }
      } finally {
        await app.close()
      }
    }
    try {
      await writePosts(store, [older])
      const first = await linksOnAFreshSite([older])
      expect(first.links).toEqual(['/stacks/node-js'])

      await writePosts(store, [newer])
      const second = await linksOnAFreshSite([older, newer])
      expect(second.links[0]).toBe('/stacks/node-js')
      expect(second.links[1]).toMatch(/^\/stacks\/node-js-\d+$/)
      expect(second.archives[0]!.body).toContain(`>${older.title}</a>`)
      expect(second.archives[0]!.body).not.toContain(`>${newer.title}</a>`)
      expect(second.archives[1]!.body).toContain(`>${newer.title}</a>`)

      // The older term loses its only post: its URL answers 404, the newer keeps its own.
      await decideReview(store, [sourceIdOf(older)!], 'rejected')
      const third = await linksOnAFreshSite([newer])
      expect(third.links).toEqual([second.links[1]])
      expect(third.archives[0]!.statusCode).toBe(200)
      const app = siteOver(store)
      try {
        expect((await app.inject('/stacks/node-js')).statusCode).toBe(404)
        const pages = (await app.inject('/sitemaps/pages.xml')).body
        expect(pages).toContain(`${second.links[1]}<`)
        expect(pages).not.toContain('/stacks/node-js<')
      } finally {
        await app.close()
      }
      // The index lists the term with posts only, under its own URL.
      expect(third.index).toContain(`href="${second.links[1]}"`)
      expect(third.index).not.toContain('href="/stacks/node-js"')
    } finally {
      await store.close()
    }
  })

  it('link a term that arrived while the site ran to its own archive at once', async () => {
    const store = await (await databases.create('sqlite')).open()
    const app = siteOver(store)
    try {
      await writePosts(store, [older])
      await app.ready()
      expect(stackLink((await app.inject(pathOf(older))).body)).toBe('/stacks/node-js')
      // Within the links' ten seconds: the new name's plain slug is the older term's.
      await writePosts(store, [newer])
      const link = stackLink((await app.inject(pathOf(newer))).body)
      expect(link).toMatch(/^\/stacks\/node-js-\d+$/)
      expect((await app.inject(link!)).body).toContain(`>${newer.title}</a>`)
      expect((await app.inject('/')).body).toContain(`href="${link}"`)
    } finally {
      await app.close()
      await store.close()
    }
  })
})
