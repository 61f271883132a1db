import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { CLI, measureNode } from './measure.ts'
import { preparedDatabase } from './prepared-database.ts'

export interface RelatedUpdateRun {
  /** Posts in the archive before the import. */
  archive: number
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
 * Imports the last `posts` seeds of a `scale`-post archive as new posts into a copy of the
 * prepared archive of the seeds before them, its Similar Posts computed, and reads the
 * update's own time from the import's report. Seeds end at 999,999, so at a million the
 * archive is the first 999,000 and the new posts are the last thousand. The copy keeps the
 * prepared database as it was.
 */
export async function relatedUpdateAfterImport(
  scale: number,
  posts = 1000,
): Promise<RelatedUpdateRun> {
  const count = Math.max(1, Math.min(posts, Math.floor(scale * SHARE)))
  const file = (await preparedDatabase(scale - count, { related: true })).slice('sqlite:'.length)
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
      String(scale - count),
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
      archive: scale - count,
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
