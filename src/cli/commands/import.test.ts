import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { inputDir, synthLines } from '../../importer/testing/input-files.ts'
import {
  createImportLog,
  DEFERRED_INDEXES,
  databaseFingerprint,
  missingDeferredIndexes,
  type Store,
} from '../../store/index.ts'
import { type TestDatabase, testDatabases, testDialects } from '../../store/testing/test-stores.ts'
import { CLI, runCli } from '../testing/run-cli.ts'

const databases = testDatabases()

// 2,400 good records and three bad ones spread through the file, in batches of 100.
const lines = synthLines(0, 2400)
lines.splice(700, 0, '{"title": "cut short')
lines.splice(1500, 0, lines[10]!)
lines.splice(2200, 0, lines[20]!.replace('"seed":20', '"seed":"twenty"'))
const input = inputDir().write('posts.ndjson', `${lines.join('\n')}\n`)
const IMPORT = ['import', '--batch-size', '100', input]

async function quarantineOf(store: Store, runId: number): Promise<string[]> {
  const rows = await createImportLog(store.db).quarantined(runId, 100)
  return rows.map((row) => `${row.line}: ${row.reason}`)
}

/** Starts an import and kills it with SIGKILL once it has committed `records` records. */
async function killImportAfter(
  database: TestDatabase,
  watcher: Store,
  records: number,
): Promise<number> {
  const child = spawn(process.execPath, [CLI, ...IMPORT, '--db', database.url], { stdio: 'ignore' })
  const exited = new Promise((resolve) => child.on('exit', resolve))
  for (;;) {
    const run = await watcher.db
      .selectFrom('import_runs')
      .select(['id', 'records'])
      .orderBy('id', 'desc')
      .executeTakeFirst()
    // Every batch committed: the run is building its indexes, no longer loading.
    if (run && run.records >= lines.length)
      throw new Error(`the import had committed everything before ${records} was seen`)
    if (run && run.records >= records) {
      child.kill('SIGKILL')
      await exited
      return run.id
    }
    if (child.exitCode !== null)
      throw new Error(`the import finished before ${records} records: kill point too late`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

for (const dialect of await testDialects()) {
  describe(`alphanode import on ${dialect}, killed`, () => {
    it('ends, after SIGKILL at several points and a rerun or --resume, exactly where one clean run ends', async () => {
      const clean = await databases.create(dialect)
      const cleanRun = await runCli([...IMPORT, '--db', clean.url])
      expect(cleanRun.code, cleanRun.stderr).toBe(3)
      const cleanStore = await clean.open()
      const expected = await databaseFingerprint(cleanStore)
      const expectedQuarantine = await quarantineOf(cleanStore, 1)
      await cleanStore.close()
      expect(expectedQuarantine).toEqual([
        expect.stringMatching(/^701: malformed JSON: Unterminated string/),
        `1501: duplicate source_id "alphanode-000010" in this run (first at ${input}:11)`,
        '2201: meta.payload.seed: expected integer, got "twenty"',
      ])

      for (const [killAt, rerun] of [
        [150, ['--resume']],
        [1200, []],
        // The last point leaves four batches, so the killed run is still loading when seen.
        [2000, ['--resume']],
      ] as const) {
        const database = await databases.create(dialect)
        const watcher = await database.open()
        try {
          const killedRun = await killImportAfter(database, watcher, killAt)
          const killed = await createImportLog(watcher.db).get(killedRun)
          expect(killed?.status, 'a killed run never finishes').toBe('running')
          expect(await databaseFingerprint(watcher)).not.toBe(expected)
          // A first load drops the deferred indexes until its end: killed, it leaves them out.
          expect(await missingDeferredIndexes(watcher.db, watcher.caps)).toHaveLength(
            DEFERRED_INDEXES.length,
          )

          const again = await runCli([...IMPORT, ...rerun, '--db', database.url])
          expect(again.code, again.stderr).toBe(3)
          expect(
            await databaseFingerprint(watcher),
            `killed after ${killAt}, then ${rerun.join(' ') || 'run again'}`,
          ).toBe(expected)
          expect(await missingDeferredIndexes(watcher.db, watcher.caps)).toEqual([])
          const runs = await createImportLog(watcher.db).recent()
          if (rerun.length > 0) {
            // The same run, continued: its quarantine is exactly a clean run's, nothing twice.
            expect(runs.map((run) => [run.id, run.status, run.resumed])).toEqual([
              [killedRun, 'partial', 1],
            ])
            expect(runs[0]!.records).toBe(lines.length)
            expect(await quarantineOf(watcher, killedRun)).toEqual(expectedQuarantine)
            expect(again.stdout.toString()).toMatch(/\(resumed\)/)
          } else {
            expect(runs.map((run) => run.status)).toEqual(['partial', 'interrupted'])
            expect(await quarantineOf(watcher, runs[0]!.id)).toEqual(expectedQuarantine)
          }
        } finally {
          await watcher.close()
        }
      }
    })
  })
}

describe('alphanode import', () => {
  it('exits 0 when everything landed and prints the counts; exits 2 for --resume on stdin', async () => {
    const database = await databases.create('sqlite')
    const file = inputDir().write('few.ndjson', synthLines(900, 5).join('\n'))
    const result = await runCli(['import', '--db', database.url, file])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout.toString()).toMatch(
      /^import run 1: succeeded\n5 records in [\d.]+ s \([\d,]+\/s\): 5 inserted, 0 updated, 0 unchanged, 0 quarantined\nSimilar Posts: none computed yet; run `alphanode related rebuild`\n$/,
    )
    const logs = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(logs.map((entry) => entry.msg)).toContain('import finished')
    const resume = await runCli(['import', '--resume', '--db', database.url, '-'])
    expect(resume.code).toBe(2)
    expect(resume.stderr).toMatch(/--resume needs files/)
  })
})
