/** The two image sources of the captured pages, with their URL forms. */
export const UNSPLASH_PHOTOS: readonly string[] = [
  '1498050108023-c5249f4df085',
  '1461749280684-dccba630e2f6',
  '1515879218367-8466d910aaa4',
  '1555066931-4365d14bab8c',
  '1517694712202-14dd9538aa97',
  '1504639725590-34d0984388bd',
  '1550439062-609e1531270e',
  '1526374965328-7f61d4dc18c5',
]

export const unsplashUrl = (photo: string): string =>
  `https://images.unsplash.com/photo-${photo}?auto=format&fit=crop&w=1200&q=80`

export const LOREMFLICKR_TAGS: readonly string[] = [
  'code,developer',
  'server,computer',
  'programming,laptop',
  'data,network',
]

export const loremflickrUrl = (tags: string, lock: number): string =>
  `https://loremflickr.com/1200/630/${tags}?lock=${lock}`
