import type { Command } from 'commander'
import { commandContext, DB_OPTION_HELP, withStore } from '../context.ts'
import { wholeNumber } from '../number-option.ts'
import { createProgress, type Progress } from '../progress.ts'

interface ImportCommandOptions {
  db?: string
  resume: boolean
  batchSize?: number
  maxRecordBytes?: number
  reviewAllGenerated?: boolean
}

const EXIT_QUARANTINED = 3

export function registerImport(program: Command): void {
  program
    .command('import')
    .summary('import posts (NDJSON, plain-text pages, Markdown): idempotent, resumable, logged')
    .description(
      'Streams records into the database in batched transactions, keyed by meta.payload.source_id:\n' +
        'new posts are inserted, changed ones updated, unchanged ones skipped without a write.\n' +
        'Each batch commits with its checkpoint, so a killed run loses nothing; run again (or\n' +
        'with --resume) to finish. Bad records are quarantined with file, line and reason; the\n' +
        'good ones still land. Formats by extension (.ndjson .jsonl .json .txt .md), else by content.',
    )
    .argument('<files...>', 'input files, or - for NDJSON on stdin')
    .option('--db <url>', DB_OPTION_HELP)
    .option(
      '--resume',
      'continue the last interrupted run over the same files from its checkpoint',
      false,
    )
    .option(
      '--batch-size <n>',
      'records per transaction (default 500)',
      wholeNumber('--batch-size', 1),
    )
    .option(
      '--max-record-bytes <n>',
      'quarantine records larger than this (default 1 MiB)',
      wholeNumber('--max-record-bytes', 1),
    )
    .option(
      '--review-all-generated',
      'hold every synthesized post for review, not only flagged ones',
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 every record landed, 3 some were quarantined (listed), 1 the run failed, 2 usage.

Examples:
  alphanode synth --count 100000 -o posts.ndjson && alphanode import posts.ndjson
  alphanode import --db postgres://postgres@127.0.0.1/alphanode posts.ndjson
  alphanode import --resume posts.ndjson        after a killed run
  alphanode db runs                             what each run did`,
    )
    .action(async (files: string[], options: ImportCommandOptions) => {
      const { config, log } = await commandContext()
      const { importPosts } = await import('../../importer/index.ts')
      // Made at the first batch, when the input's size is known (never, for stdin: no bar).
      let bar: Progress | undefined
      const summary = await withStore(options.db ?? config.databaseUrl, log, (store) =>
        importPosts(store, {
          files,
          stdin: process.stdin,
          resume: options.resume,
          batchSize: options.batchSize,
          maxRecordBytes: options.maxRecordBytes ?? config.import.maxRecordBytes,
          reviewAllGenerated: options.reviewAllGenerated ?? config.import.reviewAllGenerated,
          log,
          onProgress: ({ bytes, totalBytes }) => {
            bar ??= createProgress(totalBytes ?? 0, totalBytes !== undefined, 'bytes')
            bar.update(bytes)
          },
        }),
      ).finally(() => bar?.stop())
      const seconds = summary.ms / 1000
      const lines = [
        `import run ${summary.runId}${summary.resumed ? ' (resumed)' : ''}: ${summary.status}`,
        `${summary.records.toLocaleString('en')} records in ${seconds.toFixed(1)} s (${Math.round(summary.rate).toLocaleString('en')}/s): ` +
          `${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.quarantined} quarantined`,
      ]
      if (summary.quarantined > 0) {
        lines.push('quarantined:')
        for (const entry of summary.quarantinedRecords)
          lines.push(`  ${entry.file}:${entry.line}: ${entry.reason}`)
        const more = summary.quarantined - summary.quarantinedRecords.length
        if (more > 0) lines.push(`  … and ${more} more: alphanode db quarantine ${summary.runId}`)
      }
      process.stdout.write(`${lines.join('\n')}\n`)
      await new Promise<void>((resolve) => log.flush(() => resolve()))
      if (summary.quarantined > 0) process.exitCode = EXIT_QUARANTINED
    })
}
