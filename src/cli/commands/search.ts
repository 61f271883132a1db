import { type Command, Option } from 'commander'
import { commandContext, DB_OPTION_HELP, withStore } from '../context.ts'
import { wholeNumber } from '../number-option.ts'

interface SearchOptions {
  db?: string
  stack?: string
  tool?: string
  difficulty?: string
  review?: Array<'pending' | 'approved' | 'rejected' | 'not_required'>
  page: number
  json: boolean
}

export function registerSearch(program: Command): void {
  program
    .command('search')
    .summary('full-text search of the archive, ranked, with snippets')
    .description(
      'Searches titles, intros, headings, bodies and meta text; every word must occur. Title\n' +
        'matches rank highest. Any text is safe to type: query syntax characters are only separators.',
    )
    .argument('<query...>', 'the words to search for')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--stack <name>', 'only posts on this stack, e.g. "go services"')
    .option('--tool <name>', 'only posts that use this tool, e.g. pytest')
    .option('--difficulty <level>', 'beginner, intermediate or advanced')
    .addOption(
      new Option('--review <state...>', 'only posts in these review states').choices([
        'pending',
        'approved',
        'rejected',
        'not_required',
      ]),
    )
    .option('--page <n>', 'page of 20 results', wholeNumber('--page', 1), 1)
    .option('--json', 'print the result as JSON', false)
    .action(async (words: string[], options: SearchOptions) => {
      const { config, log } = await commandContext()
      const { createSearch } = await import('../../search/index.ts')
      const result = await withStore(options.db ?? config.databaseUrl, log, (store) =>
        createSearch(store).search({
          text: words.join(' '),
          page: options.page,
          filters: {
            stack: options.stack,
            tool: options.tool,
            difficulty: options.difficulty,
            review: options.review,
          },
        }),
      )
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
        return
      }
      const total =
        result.total >= result.totalCap ? `more than ${result.totalCap - 1}` : String(result.total)
      const lines = [
        `${total} posts match ${result.terms.map((term) => JSON.stringify(term)).join(' ') || '(no words)'} (page ${result.page})`,
      ]
      const bold = process.stdout.isTTY
        ? (text: string) => `\u001b[1m${text}\u001b[22m`
        : (text: string) => `[${text}]`
      result.hits.forEach((hit, i) => {
        const label = hit.reviewState === 'pending' ? ' (awaiting review)' : ''
        lines.push(
          '',
          `${(result.page - 1) * result.pageSize + i + 1}. ${hit.title}${label}`,
          `   /posts/${hit.slug}`,
        )
        lines.push(
          `   ${hit.snippet.map((part) => (part.match ? bold(part.text.trim()) + (part.text.endsWith(' ') ? ' ' : '') : part.text)).join('')}`,
        )
      })
      process.stdout.write(`${lines.join('\n')}\n`)
    })
}
