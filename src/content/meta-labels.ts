/** A meta key is snake_case starting with a letter, so it maps to one label and back. */
export const META_KEY_PATTERN = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/
/** A label is the key with `_` written as a space. */
export const META_LABEL_PATTERN = /^[a-z][a-z0-9]*(?: [a-z0-9]+)*$/

/** Meta keys the system knows, in the display order of the captured pages. */
export const KNOWN_META_KEYS = [
  'topic',
  'summary',
  'ai_outline',
  'ai_brief',
  'stack',
  'tools',
  'code_language',
  'difficulty',
  'reading_time',
  'view_count',
  'score',
  'revision',
  'reference',
  'hash',
  'flags',
  'checklist',
  'entities',
  'image_sources',
  'payload',
  'notes',
] as const

export const keyToLabel = (key: string): string => key.replaceAll('_', ' ')
export const labelToKey = (label: string): string => label.replaceAll(' ', '_')

export const KNOWN_META_LABELS: readonly string[] = KNOWN_META_KEYS.map(keyToLabel)
