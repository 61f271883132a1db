import {
  FormatRegistry,
  type TObject,
  type TProperties,
  type TSchema,
  Type,
} from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { META_KEY_PATTERN } from '../meta-labels.ts'
import { CODE_LANGUAGE } from '../post.ts'

// The post model of post-schema.ts again, as a TypeBox schema compiled to one plain function.
// It only answers "valid or not", without building issues or copies: the importer asks it
// first and asks zod only about the posts it refuses, for zod's messages. It must never pass
// what zod refuses (post-schema.test.ts holds both to that over valid and broken posts).

// A page's text is most of a post: a search for a line break runs through it far faster
// than a regular expression that must match every character.
const oneLine = (text: string) => !text.includes('\n') && !text.includes('\r')
FormatRegistry.Set('alphanode-one-line', oneLine)
FormatRegistry.Set('alphanode-non-blank-line', (text) => oneLine(text) && /\S/.test(text))
const OneLine = Type.String({ format: 'alphanode-one-line' })
const NonBlankLine = Type.String({ format: 'alphanode-non-blank-line' })
const count = (minimum = 0, maximum = Number.MAX_SAFE_INTEGER) => Type.Integer({ minimum, maximum })
const snakeKey = META_KEY_PATTERN.source

// Records refuse keys outside the pattern; TypeBox's default would let them through unchecked.
const MetaRecord = <T extends TSchema>(value: T) =>
  Type.Record(Type.String({ pattern: snakeKey }), value, { additionalProperties: false })
const MetaValue = Type.Recursive((This) =>
  Type.Union([OneLine, Type.Number(), Type.Array(This), MetaRecord(This)]),
)

// Known keys typed; every key snake_case, and any other key any meta value. Each known
// key's schema is narrower than a meta value, so the record checks every key and the object
// the known ones.
const openMap = <T extends TProperties>(known: T) =>
  Type.Intersect([MetaRecord(MetaValue), Type.Object(known) as TObject<T>])

const TextList = Type.Array(OneLine)
const Meta = openMap({
  topic: Type.Optional(OneLine),
  summary: Type.Optional(OneLine),
  ai_outline: Type.Optional(MetaRecord(OneLine)),
  ai_brief: Type.Optional(OneLine),
  stack: Type.Optional(TextList),
  tools: Type.Optional(TextList),
  code_language: Type.Optional(OneLine),
  difficulty: Type.Optional(OneLine),
  reading_time: Type.Optional(count()),
  view_count: Type.Optional(count()),
  score: Type.Optional(MetaRecord(count(0, 100))),
  revision: Type.Optional(
    openMap({ version: Type.Optional(OneLine), last_reviewed: Type.Optional(OneLine) }),
  ),
  reference: Type.Optional(OneLine),
  hash: Type.Optional(Type.String({ pattern: '^[0-9a-f]{24}$' })),
  flags: Type.Optional(MetaRecord(count(0, 1))),
  checklist: Type.Optional(TextList),
  entities: Type.Optional(Type.Array(openMap({ name: OneLine, type: OneLine }))),
  image_sources: Type.Optional(
    Type.Array(openMap({ source: OneLine, url: Type.Optional(OneLine) })),
  ),
  payload: Type.Optional(
    openMap({
      source_id: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,199}$' })),
      seed: Type.Optional(count()),
      paragraphs: Type.Optional(count()),
      generator: Type.Optional(OneLine),
    }),
  ),
  notes: Type.Optional(TextList),
})

const strict = { additionalProperties: false }
const Block = Type.Union([
  Type.Object({ paragraph: NonBlankLine }, strict),
  Type.Object(
    {
      code: Type.String({ pattern: '\\S' }),
      language: Type.Optional(Type.String({ pattern: CODE_LANGUAGE.source })),
    },
    strict,
  ),
  Type.Object({ list: Type.Array(NonBlankLine) }, strict),
])

const Post = Type.Object(
  {
    title: NonBlankLine,
    intro: NonBlankLine,
    figure: Type.Optional(
      Type.Object(
        {
          alt: NonBlankLine,
          caption: NonBlankLine,
          url: Type.Optional(Type.String({ pattern: '^\\S+$' })),
        },
        strict,
      ),
    ),
    sections: Type.Array(Type.Object({ heading: NonBlankLine, blocks: Type.Array(Block) }, strict)),
    meta: Meta,
  },
  strict,
)

const compiled = TypeCompiler.Compile(Post)

/** True only for values the post schema accepts; false may still be a valid post. */
export const passesCompiledCheck = (value: unknown): boolean => compiled.Check(value)
