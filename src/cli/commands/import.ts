import type { Command } from 'commander'
import type { RelatedOptions } from '../../related/index.ts'
import type { Store } from '../../store/index.ts'
import { commandContext, DB_OPTION_HELP, withStore } from '../context.ts'
import { wholeNumber } from '../number-option.ts'
import { createProgress, type Progress } from '../progress.ts'
import { relatedOptions, relatedProgressBars } from './related.ts'

interface ImportCommandOptions {
  db?: string
  resume: boolean
  batchSize?: number
  maxRecordBytes?: number
  reviewAllGenerated?: boolean
  related: boolean
}

// Past this share of the archive changed, a full rebuild is both faster and exact.
const REBUILD_SHARE = 0.01

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
      'hold every synthesized post this import writes for review, not only flagged ones\n' +
        '(`review hold-generated` holds those already stored)',
    )
    .option(
      '--no-related',
      'leave Similar Posts as they are (by default the lists the import changes are updated)',
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
      let related = ''
      const summary = await withStore(options.db ?? config.databaseUrl, log, async (store) => {
        const result = await importPosts(store, {
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
        })
        bar?.stop()
        if (options.related && result.inserted + result.updated > 0)
          related = await refreshRelated(
            store,
            result.runId,
            result.inserted + result.updated,
            relatedOptions(config),
          )
        return result
      }).finally(() => bar?.stop())
      const seconds = summary.ms / 1000
      const lines = [
        `import run ${summary.runId}${summary.resumed ? ' (resumed)' : ''}: ${summary.status}`,
        `${summary.records.toLocaleString('en')} ${summary.records === 1 ? 'record' : 'records'} in ${seconds.toFixed(1)} s (${Math.round(summary.rate).toLocaleString('en')}/s): ` +
          `${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.quarantined} quarantined`,
      ]
      if (summary.quarantined > 0) {
        lines.push('quarantined:')
        for (const entry of summary.quarantinedRecords)
          lines.push(`  ${entry.file}:${entry.line}: ${entry.reason}`)
        const more = summary.quarantined - summary.quarantinedRecords.length
        if (more > 0) lines.push(`  … and ${more} more: alphanode db quarantine ${summary.runId}`)
      }
      if (related) lines.push(related)
      process.stdout.write(`${lines.join('\n')}\n`)
      await new Promise<void>((resolve) => log.flush(() => resolve()))
      if (summary.quarantined > 0) process.exitCode = EXIT_QUARANTINED
    })
}

/**
 * Brings Similar Posts up to date after a run: only the lists the run's posts change, or a
 * full rebuild when the run changed more than 1% of the archive (faster then, and it resets
 * the weight drift of incremental updates). An archive without any lists yet is left to
 * `alphanode related rebuild`.
 */
async function refreshRelated(
  store: Store,
  runId: number,
  written: number,
  options: RelatedOptions,
): Promise<string> {
  const { rebuildRelated, updateRelated } = await import('../../related/index.ts')
  const started = performance.now()
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1)
  const any = await store.db.selectFrom('related_posts').select('post_id').limit(1).execute()
  if (any.length === 0) return 'Similar Posts: none computed yet; run `alphanode related rebuild`'
  const { n } = await store.db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const progress = relatedProgressBars()
  if (written > REBUILD_SHARE * Number(n)) {
    const rebuilt = await rebuildRelated(store, options, progress.update).finally(progress.stop)
    return `Similar Posts: rebuilt for all ${rebuilt.posts.toLocaleString('en')} posts in ${seconds()} s`
  }
  const run = await store.db
    .selectFrom('import_runs')
    .select('started_at')
    .where('id', '=', runId)
    .executeTakeFirstOrThrow()
  // The update's commit rewrites pages all over the lists' table: copying them into the
  // database file (0.25-0.6 s at a million posts) runs on another thread, as the import's do.
  const checkpoints = store.startBackgroundCheckpoints()
  try {
    const update = await updateRelated(
      store,
      run.started_at,
      options,
      progress.update,
      checkpoints,
    ).finally(progress.stop)
    return `Similar Posts: ${update.rewritten.toLocaleString('en')} lists updated for ${update.changed.toLocaleString('en')} changed posts in ${seconds()} s`
  } finally {
    await checkpoints.close()
  }
}
