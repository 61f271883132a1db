import type { Post } from '../post.ts'

/** A small valid post for tests; pass the fields a test is about. */
export function buildPost(overrides: Partial<Post> = {}): Post {
  return {
    title: 'production checklist for caching pages in static sites',
    intro: 'a short intro that ends with a period.',
    figure: {
      alt: 'caching pages visual reference 1',
      caption: 'caching pages visual reference 1. image source: unsplash',
    },
    sections: [
      {
        heading: 'production checks',
        blocks: [{ paragraph: 'check the cache headers before anything else.' }],
      },
      {
        heading: 'implementation checklist',
        blocks: [{ list: ['inspect cache headers', 'purge only the affected route'] }],
      },
    ],
    meta: {
      topic: 'caching pages / static sites',
      reading_time: 3,
      payload: { source_id: 'alphanode-000001', seed: 1 },
    },
    ...overrides,
  }
}
