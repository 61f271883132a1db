import type { Command } from 'commander'
import { commandContext, DB_OPTION_HELP, withStore } from '../context.ts'
import { wholeNumber } from '../number-option.ts'
import { createProgress, type Progress } from '../progress.ts'

const write = (text: string) => process.stdout.write(`${text}\n`)
export function registerReview(program: Command): void {
  const review = program
    .command('review')
    .summary('review before indexing: list posts awaiting review, approve or reject them')
    .description(
      'A post awaiting review is served with noindex and left out of sitemaps, feeds and the\n' +
        'Similar Posts of reviewed posts. Approving it makes it indexable at once; rejecting it\n' +
        'withdraws it (its URL answers 410 Gone). Posts are named by source id or slug.',
    )
  review
    .command('list')
    .description('posts awaiting review, newest first')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--limit <n>', 'how many to list', wholeNumber('--limit', 1, 99_999), 50)
    .action(async (options: { db?: string; limit: number }) => {
      const { config, log } = await commandContext()
      const { reviewQueue } = await import('../../store/index.ts')
      const queue = await withStore(options.db ?? config.databaseUrl, log, (store) =>
        reviewQueue(store, { limit: options.limit }),
      )
      for (const item of queue.items)
        write(`${item.sourceId}  ${item.publishedAt ?? '----------'}  ${item.title}`)
      write(
        `${queue.pending.toLocaleString('en')} ${queue.pending === 1 ? 'post awaits' : 'posts await'} review` +
          (queue.pending > queue.items.length ? ` (${queue.items.length} listed)` : ''),
      )
    })
  for (const [name, decision, verb] of [
    ['approve', 'approved', 'approved: indexable now'],
    ['reject', 'rejected', 'rejected: withdrawn (410 Gone)'],
  ] as const) {
    review
      .command(name)
      .description(`${name} posts (all or none: an unknown name changes nothing)`)
      .argument('<id...>', 'source ids (alphanode-000237) or slugs')
      .option('--db <url>', DB_OPTION_HELP)
      .action(async (ids: string[], options: { db?: string }) => {
        const { config, log } = await commandContext()
        const { decideReview } = await import('../../store/index.ts')
        const changes = await withStore(options.db ?? config.databaseUrl, log, (store) =>
          decideReview(store, ids, decision),
        )
        for (const change of changes)
          write(
            change.from === change.to
              ? `${change.sourceId}: already ${change.to}`
              : `${change.sourceId}: ${verb} (was ${change.from})`,
          )
        log.info({ decision, posts: changes.map((change) => change.sourceId) }, 'review decision')
      })
  }
  for (const [name, hold, summary, help] of [
    [
      'hold-generated',
      true,
      'hold every synthesized post for review (noindex until approved)',
      'every synthesized post that needs no review now awaits it, as importing with\n' +
        "--review-all-generated does for new posts; editors' decisions stand",
    ],
    [
      'release-generated',
      false,
      'undo hold-generated (posts that ask for review stay held)',
      'undoes hold-generated: synthesized posts awaiting review need none again, unless the\n' +
        "post itself asks for it (flags.needs_human_review); editors' decisions stand",
    ],
  ] as const) {
    review
      .command(name)
      .summary(summary)
      .description(help)
      .option('--db <url>', DB_OPTION_HELP)
      .action(async (options: { db?: string }) => {
        const { config, log } = await commandContext()
        const { holdGenerated, releaseGenerated } = await import('../../store/index.ts')
        const change = hold ? holdGenerated : releaseGenerated
        let bar: Progress | undefined
        const changed = await withStore(options.db ?? config.databaseUrl, log, (store) =>
          change(store, (done, total) => {
            bar ??= createProgress(total, true)
            bar.update(done)
          }).finally(() => bar?.stop()),
        )
        const posts = `${changed.toLocaleString('en')} synthesized ${changed === 1 ? 'post' : 'posts'}`
        write(
          hold
            ? `${posts} now ${changed === 1 ? 'awaits' : 'await'} review (noindex)`
            : `${posts} released: indexable now`,
        )
        log.info(
          { hold, posts: changed },
          hold ? 'generated posts held' : 'generated posts released',
        )
      })
  }
}
