/** The Markdown form: YAML front matter holding the meta, the body as Markdown. */
export { readMarkdown } from './read-markdown.ts'
export { writeMarkdown } from './write-markdown.ts'
