import { type Command, Option } from 'commander'
import { POST_FORMATS as FORMATS, formatOfPath } from '../../content/index.ts'
import { AppError } from '../../errors.ts'
import type { Format, ReadPost } from '../formats.ts'
import { readInput, STDIN, writeOutput } from '../io.ts'

interface ConvertOptions {
  from?: Format
  to: Format
  out?: string
  lossy: boolean
}

export function registerConvert(program: Command): void {
  program
    .command('convert')
    .summary('convert posts between plain-text pages, Markdown, JSON and NDJSON')
    .description(
      'Convert one post (text, md, json) or many (ndjson, or several input files to ndjson).\n' +
        'Reads stdin when no file (or -) is given and writes stdout unless --out is given.\n' +
        'Output is written only when every input was read: an error leaves no partial output.',
    )
    .argument('[files...]', 'input files, or - for stdin', [STDIN])
    .addOption(
      new Option('--from <format>', 'input format (default: from each file extension)').choices(
        FORMATS,
      ),
    )
    .addOption(new Option('--to <format>', 'output format').choices(FORMATS).makeOptionMandatory())
    .option('-o, --out <file>', 'write here (atomically) instead of stdout')
    .option(
      '--lossy',
      'let a text page drop what it cannot hold (e.g. deep meta) instead of failing',
      false,
    )
    .addHelpText(
      'after',
      `
Formats:
  text    the plain-text page of FORMAT.md (.txt)
  md      Markdown with YAML front matter holding the meta (.md)
  json    one post as JSON (.json)
  ndjson  one post per line (.ndjson, .jsonl)

Exit codes: 0 converted, 1 bad data (the message names file and line), 2 usage error.

Examples:
  alphanode convert --from text --to json page.txt
  alphanode convert --to ndjson pages/*.txt -o posts.ndjson
  cat post.json | alphanode convert --from json --to md`,
    )
    .action(async (files: string[], options: ConvertOptions) => {
      // Loaded here, not at start-up: the parsers are the heavy part of the CLI.
      const { parseInput, render } = await import('../formats.ts')
      const posts: ReadPost[] = []
      for (const file of files) {
        const format = options.from ?? formatOfPath(file)
        if (!format) {
          throw new AppError(
            'USAGE',
            `cannot tell the format of ${file === STDIN ? 'stdin' : file}: give --from`,
          )
        }
        posts.push(...parseInput(await readInput(file), format, file === STDIN ? '<stdin>' : file))
      }
      await writeOutput(options.out, render(posts, options.to, { lossy: options.lossy }))
    })
}
