export type MetaScalar = string | number
export type MetaValue = MetaScalar | MetaValue[] | MetaMap
export interface MetaMap {
  [key: string]: MetaValue
}

export interface Figure {
  alt: string
  caption: string
  url?: string
}

export type Block = { paragraph: string } | { code: string; language?: string } | { list: string[] }

export interface Section {
  heading: string
  blocks: Block[]
}

/** One article. Meta key order is display order; `meta.payload.source_id` is its identity. */
export interface Post {
  title: string
  intro: string
  figure?: Figure
  sections: Section[]
  meta: MetaMap
}

export const isMetaMap = (value: MetaValue | undefined): value is MetaMap =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export const isScalar = (value: MetaValue | undefined): value is MetaScalar =>
  typeof value === 'string' || typeof value === 'number'

/** The post's identity, `meta.payload.source_id`, or undefined when it has none. */
export function sourceIdOf(post: Post): string | undefined {
  const payload = post.meta.payload
  if (!isMetaMap(payload)) return undefined
  const id = payload.source_id
  return typeof id === 'string' ? id : undefined
}

/** A code block's language: a name like `python`, `c++` or `objective-c`. */
export const CODE_LANGUAGE = /^[A-Za-z0-9_+#.-]{1,40}$/

/** Top-level and block keys in model order; meta keeps its own order (it is display order). */
export function canonicalPost(post: Post): Post {
  const out: Post = { title: post.title, intro: post.intro } as Post
  if (post.figure) {
    const { alt, caption, url } = post.figure
    out.figure = url === undefined ? { alt, caption } : { alt, caption, url }
  }
  out.sections = post.sections.map(({ heading, blocks }) => ({
    heading,
    blocks: blocks.map((block) => {
      if ('code' in block) {
        return block.language === undefined
          ? { code: block.code }
          : { code: block.code, language: block.language }
      }
      return 'list' in block ? { list: [...block.list] } : { paragraph: block.paragraph }
    }),
  }))
  out.meta = post.meta
  return out
}
