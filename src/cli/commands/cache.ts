import type { Command } from 'commander'
import { AppError } from '../../errors.ts'
import { commandContext, DB_OPTION_HELP, withStore } from '../context.ts'

const write = (text: string) => process.stdout.write(`${text}\n`)

interface PurgeOptions {
  db?: string
  rule?: string[]
  post?: string[]
  all?: boolean
}

export function registerCache(program: Command): void {
  const cache = program
    .command('cache')
    .summary('the page cache: list its rules, purge one route')
    .description(
      'Rules live in config/cache-rules.yaml ($ALPHANODE_CACHE_RULES names another file).\n' +
        'Every response says X-Cache (HIT, MISS, BYPASS) and X-Cache-Rule, so `curl -sI URL`\n' +
        'shows what the cache did and why.',
    )

  cache
    .command('rules')
    .description('print each cache rule: routes, lifetimes, bypasses and examples')
    .action(async () => {
      const { config } = await commandContext()
      const { loadCacheRules } = await import('../../web/index.ts')
      const rules = loadCacheRules(config.cache.rulesFile)
      write(`rules: ${rules.source}`)
      write(
        `bypass everywhere: cookies ${rules.bypass.cookies.join(', ') || '-'}; headers ${rules.bypass.headers.join(', ') || '-'}; query ${rules.bypass.query.join(', ') || '-'}`,
      )
      for (const rule of rules.rules) {
        write(`\n${rule.name}: ${rule.description}`)
        write(`  routes         ${rule.routes.join('  ')}`)
        write(`  kept           ${rule.ttl === 0 ? 'never stored' : `${rule.ttl} s`}`)
        write(`  Cache-Control  ${rule.cacheControl}`)
        if (rule.query.length > 0) write(`  page params    ${rule.query.join(', ')}`)
        if (rule.variants.length > 0) write(`  forms          ${rule.variants.join(' ')}`)
        for (const example of rule.examples.cached)
          write(`  cached         ${JSON.stringify(example)}`)
        for (const example of rule.examples.bypassed)
          write(`  not cached     ${JSON.stringify(example)}`)
      }
    })

  cache
    .command('purge')
    .description(
      "drop pages from every running site's cache: a route and its forms (/posts/x purges\n" +
        '/posts/x.txt, .md and .json too, and nothing else), every page of a rule, the pages\n' +
        'that show a post, or everything. Sites read the purge log within a second; with\n' +
        '$ALPHANODE_REDIS the shared cache is purged at once and every node told over pub/sub.',
    )
    .argument('[route...]', 'paths or URLs, such as /posts/some-slug or /stacks/rust')
    .option('--rule <name...>', 'every page a cache rule stored')
    .option('--post <id...>', 'every page showing these posts (source ids): theirs, lists, feeds')
    .option('--all', 'everything')
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (routes: string[], options: PurgeOptions) => {
      const { config, log } = await commandContext()
      const { loadCacheRules, purgeFor, createRedisTier } = await import('../../web/index.ts')
      const { recordPurge, lastPurgeId } = await import('../../store/index.ts')
      const rules = loadCacheRules(config.cache.rulesFile)
      for (const name of options.rule ?? [])
        if (!rules.rules.some((rule) => rule.name === name))
          throw new AppError(
            'USAGE',
            `no cache rule is named ${JSON.stringify(name)}; there are ${rules.rules.map((rule) => rule.name).join(', ')}`,
          )
      for (const route of routes)
        if (!/^(https?:\/\/[^/]+)?\//.test(route))
          throw new AppError(
            'USAGE',
            `a route starts with / (or is a URL), got ${JSON.stringify(route)}`,
          )
      const targets = [
        ...routes.map((path) => ({ path })),
        ...(options.rule ?? []).map((rule) => ({ rule })),
        ...(options.post ?? []).map((post) => ({ post })),
        ...(options.all ? [{ all: true as const }] : []),
      ]
      if (targets.length === 0)
        throw new AppError('USAGE', 'name what to purge: a route, --rule, --post or --all')

      await withStore(options.db ?? config.databaseUrl, log, async (store) => {
        await recordPurge(store.db, targets)
        write(
          `purge logged (#${await lastPurgeId(store.db)}): running sites drop it within a second`,
        )
        if (!config.cache.redisUrl) return
        const redis = createRedisTier({
          url: config.cache.redisUrl,
          prefix: config.cache.redisPrefix,
        })
        try {
          const purge = await purgeFor(targets, { rules, store, reads: store.createPostReads() })
          if ('all' in purge) await redis.clear()
          const dropped = 'all' in purge ? 'all' : await redis.purge(purge.tags)
          await redis.announce(purge)
          write(`redis: ${dropped} ${dropped === 1 ? 'page' : 'pages'} dropped; every node told`)
        } finally {
          await redis.close()
        }
      })
      log.info({ targets }, 'cache purge')
    })
}
