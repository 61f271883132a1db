import type { Command } from 'commander'
import type { Config } from '../../config.ts'
import { AppError } from '../../errors.ts'
import type { OnRelatedProgress, RelatedOptions } from '../../related/index.ts'
import { commandContext, DB_OPTION_HELP, withStore } from '../context.ts'
import { wholeNumber } from '../number-option.ts'
import { createProgress, type Progress } from '../progress.ts'

const write = (text: string) => process.stdout.write(`${text}\n`)

const PHASES = {
  reading: 'Reading features of new and changed posts',
  weighing: 'Weighing features',
  vectors: 'Building vectors',
  scoring: 'Scoring neighbours',
}

/** One progress bar per pass of a Similar Posts job (on a terminal, for 1,000 posts or more). */
export function relatedProgressBars(): { update: OnRelatedProgress; stop: () => void } {
  let phase: keyof typeof PHASES | undefined
  let bar: Progress | undefined
  return {
    update: (progress) => {
      if (progress.phase !== phase) {
        bar?.stop()
        phase = progress.phase
        if (process.stderr.isTTY && progress.total >= 1000)
          process.stderr.write(`${PHASES[phase]} …\n`)
        bar = createProgress(progress.total, true)
      }
      bar!.update(progress.done)
    },
    stop: () => bar?.stop(),
  }
}

/** Similar Posts settings from the configuration: the same for rebuild, explain and import. */
export const relatedOptions = (config: Readonly<Config>): RelatedOptions => ({
  k: config.related.k,
  weights: config.related.weights,
  maxShare: config.related.maxShare,
  threads: config.related.threads,
})
export function registerRelated(program: Command): void {
  const related = program
    .command('related')
    .summary("Similar Posts: rebuild the stored lists, explain one post's list")
    .description(
      'Similar Posts are scored by what two posts share (problem, stack, area, language, tools,\n' +
        'scenario, entities, words of title and body), each weighted by how rare it is; a feature\n' +
        'in more than 10% of posts weighs nothing. Lists are precomputed and stored. k, weights and\n' +
        'that share are configuration: ALPHANODE_RELATED_K, ALPHANODE_RELATED_WEIGHTS\n' +
        '(problem=4,stack=3,...), ALPHANODE_RELATED_MAX_SHARE, ALPHANODE_RELATED_THREADS.',
    )
  related
    .command('rebuild')
    .description("recompute every post's Similar Posts")
    .option('--db <url>', DB_OPTION_HELP)
    .option(
      '--k <n>',
      'suggestions per post (default: $ALPHANODE_RELATED_K, else 5)',
      wholeNumber('--k', 1, 99),
    )
    .option(
      '--exact',
      'score every post sharing a feature, not only the candidates of its block (hours at a million posts)',
    )
    .action(async (options: { db?: string; k?: number; exact?: boolean }) => {
      const { config, log } = await commandContext()
      const { rebuildRelated } = await import('../../related/index.ts')
      const started = performance.now()
      const progress = relatedProgressBars()
      const result = await withStore(options.db ?? config.databaseUrl, log, (store) =>
        rebuildRelated(
          store,
          {
            ...relatedOptions(config),
            k: options.k ?? config.related.k,
            exact: options.exact ?? false,
          },
          progress.update,
        ),
      ).finally(progress.stop)
      write(
        `${result.posts.toLocaleString('en')} posts, ${result.links.toLocaleString('en')} suggestions in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      )
    })
  related
    .command('explain')
    .description(
      "print a post's Similar Posts with the features each shares with it and their weights",
    )
    .argument('<source-id>', "the post's meta.payload.source_id, e.g. alphanode-000237")
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (sourceId: string, options: { db?: string }) => {
      const { config, log } = await commandContext()
      const { explainRelated } = await import('../../related/index.ts')
      const explanations = await withStore(options.db ?? config.databaseUrl, log, (store) =>
        explainRelated(store, sourceId, relatedOptions(config)),
      )
      if (!explanations)
        throw new AppError('POST_NOT_FOUND', `no post with source_id ${JSON.stringify(sourceId)}`)
      if (explanations.length === 0)
        write('no Similar Posts stored for it: run alphanode related rebuild')
      explanations.forEach((item, i) => {
        write(`${i + 1}. ${item.title} (${item.sourceId}) score ${item.score.toFixed(3)}`)
        for (const { feature, weight } of item.shared)
          write(`     ${weight.toFixed(2).padStart(6)}  ${feature}`)
      })
    })
}
