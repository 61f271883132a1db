import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Command, Option } from 'commander'
import { AppError } from '../../errors.ts'
import { wholeNumber } from '../number-option.ts'
import { openSink } from '../output-sink.ts'
import { createProgress } from '../progress.ts'

// Kept here rather than imported, so --help does not load the synthesizer.
const MAX_SEED = 999_999

interface SynthOptions {
  count: number
  start: number
  seed?: number
  format: 'ndjson' | 'text' | 'md'
  out?: string
  workers?: number
}

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .summary('synthesize realistic articles from seeds (deterministic)')
    .description(
      `Writes the posts of seeds S..S+N-1 (each in 0..${MAX_SEED}) in seed order. The same seed gives the same\n` +
        'post, byte for byte, on every machine. Large counts use a worker thread per core and stream\n' +
        'in bounded memory.',
    )
    .option('-n, --count <N>', 'how many posts', wholeNumber('--count'), 1)
    .option('-s, --start <S>', 'the first seed', wholeNumber('--start'), 0)
    .option('--seed <S>', 'write exactly one post, for this seed', wholeNumber('--seed'))
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['ndjson', 'text', 'md'])
        .default('ndjson'),
    )
    .option('-o, --out <path>', 'a file for ndjson; a directory for text or md (one file per post)')
    .option(
      '--workers <N>',
      'worker threads (0: none; default: one per core for 5,000+ posts)',
      wholeNumber('--workers'),
    )
    .addHelpText(
      'after',
      `
Examples:
  alphanode synth --seed 237 --format text          one post as a plain-text page
  alphanode synth --count 1000000 -o posts.ndjson   a million posts (progress bar on a terminal)
  alphanode synth --start 100 --count 50 --format md --out pages/`,
    )
    .action(async (options: SynthOptions) => {
      const { synthRange } = await import('../../synth/index.ts')
      const start = options.seed ?? options.start
      const count = options.seed === undefined ? options.count : 1
      if (count === 0) return
      if (start + count - 1 > MAX_SEED) {
        throw new AppError(
          'SEED_OUT_OF_RANGE',
          `seeds ${start}..${start + count - 1} go past ${MAX_SEED}: seeds are 0..${MAX_SEED}`,
        )
      }
      const perFile = options.format !== 'ndjson' && count > 1
      if (perFile && options.out === undefined) {
        throw new AppError(
          'USAGE',
          `--format ${options.format} writes one file per post: give --out DIR (or --format ndjson)`,
        )
      }
      const progress = createProgress(count, options.out !== undefined && options.out !== '-')
      const extension = options.format === 'md' ? '.md' : '.txt'
      const range = {
        start,
        count,
        format: options.format,
        workers: options.workers,
        onProgress: progress.update,
      }
      try {
        if (perFile) {
          const dir = options.out!
          await mkdir(dir, { recursive: true })
          await synthRange(range, async (chunk) => {
            let offset = 0
            await Promise.all(
              chunk.lengths.map((length, i) => {
                const bytes = chunk.bytes.subarray(offset, offset + length)
                offset += length
                return writeFile(join(dir, `${chunk.names[i]}${extension}`), bytes)
              }),
            )
          })
        } else {
          const sink = await openSink(options.out)
          try {
            await synthRange(range, (chunk) => sink.write(chunk.bytes))
            await sink.close()
          } catch (error) {
            // A failed run leaves the target file as it was, not half written.
            await sink.abort()
            throw error
          }
        }
      } finally {
        progress.stop()
      }
    })
}
