import { mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Command } from 'commander'
import { commandContext, DB_OPTION_HELP, withStore } from '../context.ts'
import { wholeNumber } from '../number-option.ts'
import { openSink } from '../output-sink.ts'
import { createProgress } from '../progress.ts'
import { HOST_OPTION_HELP, PORT_OPTION_HELP, THREADS_OPTION_HELP } from '../site-options.ts'
import { relatedOptions, relatedProgressBars } from './related.ts'

interface StartOptions {
  db?: string
  posts: number
  host?: string
  port?: number
  threads?: number
  serve: boolean
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .summary('the newcomer command: a demo archive of synthesized posts, ready to explore')
    .description(
      'When the database has no posts, synthesizes --posts of them (seeds 0..N-1), imports them and\n' +
        'computes their Similar Posts, with progress shown. A database that already has posts is\n' +
        'left as it is. Then serves the site and prints its URL (see `serve`).',
    )
    .option('--db <url>', DB_OPTION_HELP)
    .option(
      '--posts <n>',
      'how many posts the demo archive gets',
      wholeNumber('--posts', 1, 1_000_000),
      5000,
    )
    .option('--host <address>', HOST_OPTION_HELP)
    .option('--port <n>', PORT_OPTION_HELP, wholeNumber('--port', 0, 65_535))
    .option('--threads <n>', THREADS_OPTION_HELP, wholeNumber('--threads', 1, 64))
    .option('--no-serve', 'build the demo archive, then exit instead of serving it')
    .action(async (options: StartOptions) => {
      const context = await commandContext()
      const { config } = context
      // Progress bars speak to a newcomer; the JSON logs would only be noise beside them.
      const log = context.log.child({}, { level: 'warn' })
      const { importPosts } = await import('../../importer/index.ts')
      const { rebuildRelated } = await import('../../related/index.ts')
      const { synthRange } = await import('../../synth/index.ts')
      const { parseDatabaseUrl } = await import('../../store/index.ts')
      const url = options.db ?? config.databaseUrl
      const say = (text: string) => process.stderr.write(`${text}\n`)
      const summary = await withStore(url, log, async (store) => {
        const existing = await store.db
          .selectFrom('posts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
        if (Number(existing.n) > 0)
          return { posts: Number(existing.n), created: false, description: store.description }
        const target = parseDatabaseUrl(url)
        const folder = target.kind === 'sqlite' ? dirname(target.file) : process.cwd()
        mkdirSync(folder, { recursive: true })
        const file = join(folder, 'demo-posts.ndjson')
        say(`Synthesizing ${options.posts.toLocaleString('en')} demo posts …`)
        const sink = await openSink(file)
        const synthBar = createProgress(options.posts, true)
        await synthRange(
          { start: 0, count: options.posts, format: 'ndjson', onProgress: synthBar.update },
          (chunk) => sink.write(chunk.bytes),
        )
        await sink.close()
        synthBar.stop()
        say(`Importing them into ${store.description} …`)
        const importBar = createProgress(options.posts, true)
        const result = await importPosts(store, {
          files: [file],
          log,
          onProgress: ({ records }) => importBar.update(records),
        })
        importBar.stop()
        rmSync(file, { force: true })
        say('Computing Similar Posts …')
        const progress = relatedProgressBars()
        await rebuildRelated(store, relatedOptions(config), progress.update).finally(progress.stop)
        return { posts: result.inserted, created: true, description: store.description }
      })
      const ready = `${summary.created ? 'Built a demo archive' : 'The archive is ready'}: ${summary.posts.toLocaleString('en')} posts in ${summary.description}\n`
      if (!options.serve) {
        process.stdout.write(ready)
        return
      }
      const { serveSite } = await import('../serve-site.ts')
      await serveSite({
        databaseUrl: url,
        host: options.host,
        port: options.port,
        threads: options.threads,
        log,
        config,
        banner: ready,
      })
    })
}
