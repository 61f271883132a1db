/** Checking a value against the post model (zod), and the JSON readers that need it. */

export { checkPost, type PostProblem, parsePost } from './post-schema.ts'
export { readJson, readNdjson } from './read-json.ts'
