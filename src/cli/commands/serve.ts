import type { Command } from 'commander'
import { commandContext, DB_OPTION_HELP } from '../context.ts'
import { wholeNumber } from '../number-option.ts'
import { HOST_OPTION_HELP, PORT_OPTION_HELP, THREADS_OPTION_HELP } from '../site-options.ts'

export function registerServe(program: Command): void {
  program
    .command('serve')
    .summary('serve the site: article pages, archives, search, feeds and sitemaps')
    .description(
      'Serves the archive over HTTP until SIGINT or SIGTERM, then finishes requests in flight.\n' +
        'Canonical links, feeds and sitemaps use $ALPHANODE_PUBLIC_URL (default http://HOST:PORT).',
    )
    .option('--db <url>', DB_OPTION_HELP)
    .option('--host <address>', HOST_OPTION_HELP)
    .option('--port <n>', PORT_OPTION_HELP, wholeNumber('--port', 0, 65_535))
    .option('--threads <n>', THREADS_OPTION_HELP, wholeNumber('--threads', 1, 64))
    .action(async (options: { db?: string; host?: string; port?: number; threads?: number }) => {
      const { config, log } = await commandContext()
      const { serveSite } = await import('../serve-site.ts')
      await serveSite({
        databaseUrl: options.db ?? config.databaseUrl,
        host: options.host,
        port: options.port,
        threads: options.threads,
        log,
        config,
      })
    })
}
