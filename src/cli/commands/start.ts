import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'

const SAMPLES = fileURLToPath(new URL('../../../test/fixtures/pages/', import.meta.url))

export function registerStart(program: Command): void {
  program
    .command('start')
    .summary('the newcomer command: show alphanode working on the sample pages')
    .description(
      'Reads every sample page in test/fixtures/pages, converts it to JSON and Markdown and back,\n' +
        'and reports whether each comes back byte for byte. (It will start the site once the site exists.)',
    )
    .action(async () => {
      const { firstDifference, readPage, writeJson, writePage } = await import(
        '../../content/index.ts'
      )
      const { readMarkdown, writeMarkdown } = await import('../../content/markdown/index.ts')
      const { readJson } = await import('../../content/validation/index.ts')
      const rows: string[][] = [['page', 'sections', 'meta keys', 'via json', 'via md', 'title']]
      let allSame = true
      for (const name of readdirSync(SAMPLES)
        .filter((file) => file.endsWith('.txt'))
        .sort()) {
        const text = readFileSync(SAMPLES + name, 'utf8')
        const { post, similar } = readPage(text)
        const page = writePage(post, { similar })
        const viaJson = writePage(readJson(writeJson(post)), { similar }) === page
        const viaMd = firstDifference(post, readMarkdown(writeMarkdown(post))) === undefined
        allSame &&= viaJson && viaMd
        rows.push([
          name,
          String(post.sections.length),
          String(Object.keys(post.meta).length),
          ok(viaJson),
          ok(viaMd),
          post.title,
        ])
      }
      process.stdout.write(
        `${table(rows)}\n\nTry: npx alphanode convert --from text --to md ${SAMPLES}seed-000_5cb2bd27493b9b06.txt\n`,
      )
      if (!allSame) process.exitCode = 1
    })
}

const ok = (same: boolean) => (same ? 'same' : 'DIFFERS')

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)))
  return rows
    .map((row) =>
      row
        .map((cell, col) => cell.padEnd(widths[col]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}
