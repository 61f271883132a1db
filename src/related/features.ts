import { type Post, postTerms, type TermKind } from '../content/index.ts'

/** How much a shared feature of each kind counts, before its rarity (IDF) scales it. */
export type FeatureWeights = Record<TermKind | 'title' | 'body', number>

export const DEFAULT_WEIGHTS: Readonly<FeatureWeights> = Object.freeze({
  problem: 4,
  stack: 3,
  scenario: 1,
  language: 1,
  entity: 1,
  tag: 1,
  tool: 0.75,
  area: 0.5,
  difficulty: 0,
  title: 0.5,
  body: 0.15,
})

const STOPWORDS = new Set(
  'a an and are as at be but by for from has have how in into is it its not of on or that the this to was we what when which who why will with you your our can do does than then there these they those too very'.split(
    ' ',
  ),
)

const words = (text: string): string[] =>
  text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}.+#-]*[\p{L}\p{N}+#]|[\p{L}\p{N}]/gu) ?? []
const content = (word: string) => word.length > 2 && !STOPWORDS.has(word)

/**
 * The version of postFeatures: raise it with any change to what it returns, and features
 * stored by another version are extracted again (see related/stored-features.ts).
 */
export const FEATURES_VERSION = 1

/**
 * What a post is about, as features `kind:value`: its terms (problem, stack, tools, ...),
 * the words of its title, and the words of its body. Each feature once per post.
 */
export function postFeatures(post: Post): string[] {
  const features = [...new Set(postTerms(post).map((term) => `${term.kind}:${term.name}`))]
  // Words are told apart before they are prefixed: a body repeats most of its words, and
  // building a feature string for every occurrence was most of the rebuild's reading time.
  for (const word of new Set(words(post.title))) if (content(word)) features.push(`title:${word}`)
  const body: string[] = []
  for (const section of post.sections)
    for (const block of section.blocks) {
      if ('paragraph' in block) body.push(block.paragraph)
      else if ('list' in block) body.push(...block.list)
    }
  for (const word of new Set(words(body.join(' '))))
    if (content(word)) features.push(`body:${word}`)
  return features
}

export const featureKind = (feature: string): keyof FeatureWeights =>
  feature.slice(0, feature.indexOf(':')) as keyof FeatureWeights
