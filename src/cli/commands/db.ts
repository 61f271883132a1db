import type { Command } from 'commander'
import { AppError } from '../../errors.ts'
import { commandContext, DB_OPTION_HELP, withStore } from '../context.ts'
import { wholeNumber } from '../number-option.ts'

interface DbOptions {
  db?: string
}

const write = (text: string) => process.stdout.write(`${text}\n`)
export function registerDb(program: Command): void {
  const db = program
    .command('db')
    .summary(
      'database: migrate, status, check plans, backup, restore, fingerprint, runs, quarantine',
    )
    .description(
      'Database maintenance. Every subcommand takes --db (default: $ALPHANODE_DB, else sqlite:./data/alphanode.db).',
    )

  db.command('migrate')
    .description('apply pending migrations, in order')
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (options: DbOptions) => {
      const { config, log } = await commandContext()
      const { migrateToLatest, openStore } = await import('../../store/index.ts')
      const store = openStore(options.db ?? config.databaseUrl)
      try {
        const applied = await migrateToLatest(store)
        write(
          applied.length === 0
            ? `${store.description}: up to date`
            : `${store.description}: applied ${applied.join(', ')}`,
        )
      } finally {
        await store.close()
      }
      log.flush()
    })

  db.command('status')
    .description('list migrations and whether each has run')
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (options: DbOptions) => {
      const { config } = await commandContext()
      const { migrationStatus, openStore } = await import('../../store/index.ts')
      const store = openStore(options.db ?? config.databaseUrl)
      try {
        const states = await migrationStatus(store)
        write(store.description)
        for (const state of states)
          write(
            `  ${state.executedAt ? `applied ${state.executedAt.toISOString()}` : 'pending                         '}  ${state.name}`,
          )
        if (states.some((state) => !state.executedAt)) process.exitCode = 1
      } finally {
        await store.close()
      }
    })

  db.command('check')
    .description(
      'print the query plan of every hot query; fail when one reads a table it should seek into',
    )
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (options: DbOptions) => {
      const { config, log } = await commandContext()
      const { checkQueryPlans } = await import('../../store/index.ts')
      const reports = await withStore(options.db ?? config.databaseUrl, log, checkQueryPlans)
      for (const report of reports) {
        write(`${report.problems.length === 0 ? 'ok  ' : 'FAIL'} ${report.name}`)
        for (const step of report.plan) write(`       ${step}`)
        for (const problem of report.problems) write(`       ! ${problem}`)
      }
      const failed = reports.filter((report) => report.problems.length > 0).length
      write(
        failed === 0
          ? `all ${reports.length} hot queries use an index`
          : `${failed} of ${reports.length} hot queries scan`,
      )
      if (failed > 0) process.exitCode = 1
    })

  db.command('backup')
    .description(
      'copy the database to FILE while it stays in use (SQLite online backup; PostgreSQL pg_dump -Fc)',
    )
    .argument('<file>', 'the backup file to write')
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (file: string, options: DbOptions) => {
      const { config, log } = await commandContext()
      await withStore(options.db ?? config.databaseUrl, log, async (store) => {
        await store.backup(file)
        write(`backed up ${store.description} to ${file}`)
      })
    })

  db.command('restore')
    .description(
      'replace the database with a backup (stop the site first; SQLite backup API or pg_restore --clean)',
    )
    .argument('<file>', 'a file written by `alphanode db backup`')
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (file: string, options: DbOptions) => {
      const { config } = await commandContext()
      const { redactUrl, restoreStore } = await import('../../store/index.ts')
      const url = options.db ?? config.databaseUrl
      await restoreStore(url, file)
      write(`restored ${redactUrl(url)} from ${file}`)
    })

  db.command('fingerprint')
    .description(
      'a hash of everything readers see (posts, terms, full text): equal hashes serve the same site',
    )
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (options: DbOptions) => {
      const { config, log } = await commandContext()
      const { databaseFingerprint } = await import('../../store/index.ts')
      write(await withStore(options.db ?? config.databaseUrl, log, databaseFingerprint))
    })

  db.command('runs')
    .description('the latest import runs: status, counts, errors')
    .option('--db <url>', DB_OPTION_HELP)
    .option('-n, --limit <n>', 'how many runs', wholeNumber('--limit', 1), 20)
    .action(async (options: DbOptions & { limit: number }) => {
      const { config, log } = await commandContext()
      const { createImportLog } = await import('../../store/index.ts')
      const runs = await withStore(options.db ?? config.databaseUrl, log, (store) =>
        createImportLog(store.db).recent(options.limit),
      )
      if (runs.length === 0) write('no import runs yet')
      for (const run of runs) {
        write(
          `#${run.id} ${run.status.padEnd(11)} ${run.started_at}  ${run.records} records: ${run.inserted} inserted, ${run.updated} updated, ` +
            `${run.unchanged} unchanged, ${run.quarantined} quarantined  ${JSON.parse(run.source).join(' ')}${run.error ? `  error: ${run.error}` : ''}`,
        )
      }
    })

  db.command('quarantine')
    .description('the records an import run quarantined, with file, line and reason')
    .argument('<run>', 'the run id (see db runs)')
    .option('--db <url>', DB_OPTION_HELP)
    .option('-n, --limit <n>', 'how many records', wholeNumber('--limit', 1), 1000)
    .action(async (run: string, options: DbOptions & { limit: number }) => {
      if (!/^\d+$/.test(run))
        throw new AppError('USAGE', `run must be a run id (a number), got ${JSON.stringify(run)}`)
      const { config, log } = await commandContext()
      const { createImportLog } = await import('../../store/index.ts')
      const rows = await withStore(options.db ?? config.databaseUrl, log, (store) =>
        createImportLog(store.db).quarantined(Number(run), options.limit),
      )
      for (const row of rows) write(`${row.file}:${row.line}: ${row.reason}`)
    })
}
