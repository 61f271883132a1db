import { SingleBar } from 'cli-progress'

export interface Progress {
  update: (done: number) => void
  stop: () => void
}

/** A progress bar with rate and ETA on stderr, only when stderr is a terminal and output is not. */
export function createProgress(
  total: number,
  enabled: boolean,
  unit: 'posts' | 'bytes' = 'posts',
): Progress {
  if (!enabled || !process.stderr.isTTY || total < 1000) return { update: () => {}, stop: () => {} }
  const bar = new SingleBar({
    stream: process.stderr,
    format:
      unit === 'posts'
        ? '{bar} {percentage}% | {value}/{total} posts | {rate}/s | ETA {eta_formatted}'
        : '{bar} {percentage}% | {rate} MB/s | ETA {eta_formatted}',
    hideCursor: true,
    etaBuffer: 50,
  })
  const started = performance.now()
  bar.start(total, 0, { rate: 0 })
  return {
    update: (done) => {
      const perSecond = done / ((performance.now() - started) / 1000)
      bar.update(done, {
        rate: unit === 'posts' ? Math.round(perSecond) : (perSecond / 1e6).toFixed(1),
      })
    },
    stop: () => bar.stop(),
  }
}
