import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { CLI, measureNode } from './measure.ts'

export interface RelatedUpdateRun {
  /** New posts imported. */
  posts: number
  /** Lists the update rewrote. */
  lists: number
  /** The update alone, as the import reports it. */
  updateMs: number
  /** The whole import: parsing, writing, then the update. */
  importMs: number
  maxRssMb: number
}

// The import rebuilds every list instead when it adds more than 1% of the archive.
const SHARE = 0.01
const UPDATED = /Similar Posts: ([\d,]+) lists updated for [\d,]+ changed posts in ([\d.]+) s/

/**
 * Imports `posts` new synthesized posts (seeds after the archive's) into a copy of a prepared
 * archive whose Similar Posts are computed, and reads the update's own time from the
 * import's report. The copy keeps the prepared database as it was for the other benchmarks.
 */
export async function relatedUpdateAfterImport(
  file: string,
  scale: number,
  posts = 1000,
): Promise<RelatedUpdateRun> {
  const count = Math.max(1, Math.min(posts, Math.floor(scale * SHARE)))
  const dir = mkdtempSync(join(dirname(file), 'related-update-'))
  try {
    const copy = join(dir, 'archive.db')
    copyFileSync(file, copy)
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`)
    const input = join(dir, 'new.ndjson')
    await measureNode([
      CLI,
      'synth',
      '--start',
      String(scale),
      '--count',
      String(count),
      '--out',
      input,
    ])
    const run = await measureNode([CLI, 'import', '--db', `sqlite:${copy}`, input], {
      keepStdout: true,
      env: { ALPHANODE_LOG_LEVEL: 'warn' },
    })
    const updated = UPDATED.exec(run.stdout)
    if (!updated)
      throw new Error(`the import did not report a Similar Posts update:\n${run.stdout}`)
    return {
      posts: count,
      lists: Number(updated[1]!.replaceAll(',', '')),
      updateMs: Number(updated[2]) * 1000,
      importMs: run.wallMs,
      maxRssMb: run.maxRssMb,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
