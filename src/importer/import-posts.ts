import { hash } from 'node:crypto'
import { open, stat } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import type { Transaction } from 'kysely'
import type { Logger } from 'pino'
import { AppError } from '../errors.ts'
import {
  type Checkpoint,
  createImportLog,
  dropDeferredIndexes,
  type ImportStatus,
  type PostRecord,
  parseCheckpoint,
  type QuarantineEntry,
  type RunCounts,
  recordPurge,
  refreshPlannerStatistics,
  restoreDeferredIndexes,
  type SeenEntry,
  type Store,
  type Tables,
  type WriteResult,
} from '../store/index.ts'
import {
  batchDigest,
  importSettings,
  type Prepared,
  type PrepareJob,
  sourceFingerprint,
} from './prepare-record.ts'
import { detectFormat, type RawRecord, type RecordFormat, readRecords } from './read-records.ts'
import { inlinePreparer, workerPreparer } from './record-preparer.ts'

export const STDIN = '-'

export interface ImportOptions {
  /** Paths, or `-` for `stdin`. */
  files: string[]
  stdin?: Readable
  /** Continue the last interrupted or failed run over the same inputs from its checkpoint. */
  resume?: boolean
  /** Records per transaction. */
  batchSize?: number
  /** Records over this many bytes are quarantined (default 1 MiB). */
  maxRecordBytes?: number
  /** Hold every synthesized post for review, not only those flagged `needs_human_review`. */
  reviewAllGenerated?: boolean
  /** Parse on a worker thread (default: for stdin and inputs of 4 MiB or more). */
  parallel?: boolean
  log?: Logger
  onProgress?: (progress: ImportProgress) => void
  now?: () => string
}

export interface ImportProgress {
  bytes: number
  /** Undefined when reading stdin. */
  totalBytes: number | undefined
  records: number
}

export interface ImportSummary extends RunCounts {
  runId: number
  status: ImportStatus
  resumed: boolean
  /** The run's first quarantined records (all are in the quarantine table). */
  quarantinedRecords: QuarantineEntry[]
  ms: number
  /** Records per second over this invocation. */
  rate: number
}

const DEFAULT_BATCH = 500
// Below this the parser thread's start-up costs more than it saves.
const PARALLEL_FROM_BYTES = 4 << 20
const DEFAULT_MAX_RECORD = 1 << 20
const BATCH_BYTES = 8 << 20
const LISTED_QUARANTINE = 100
const SHOWN_RECORD_BYTES = 4096

interface StartedBatch {
  batch: RawRecord[]
  fileIndex: number
  fingerprints: Array<string | undefined>
  /** Source id by fingerprint, for records already stored exactly as read. */
  known: Map<string, string>
  /** For each record with bytes and not known, in order. */
  prepared: AsyncIterable<Prepared[]>
  /** The batch's digest, when every record's fingerprint is known before it is parsed. */
  digest: string | undefined
}

interface Source {
  file: string
  format: RecordFormat
  size: number | undefined
  /** Identity for --resume: size and a hash of the first 64 KiB. */
  key: string
}

/**
 * Imports posts, idempotently: each batch is one transaction that writes the posts, the
 * quarantine entries, the run's counts and its checkpoint together, so a run killed at any
 * moment loses nothing and a rerun (or --resume) ends where one clean run would.
 */
export async function importPosts(store: Store, options: ImportOptions): Promise<ImportSummary> {
  const now = options.now ?? (() => new Date().toISOString())
  const started = performance.now()
  const log = createImportLog(store.db)
  const markSeen = store.createSeenMarker()
  const knownSources = store.createSourceLookup()
  const settings = importSettings(options.reviewAllGenerated === true)
  const preparing = { reviewAllGenerated: options.reviewAllGenerated === true, settings }
  const maxBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD
  const batchSize = options.batchSize ?? DEFAULT_BATCH

  if (options.files.length === 0)
    throw new AppError('USAGE', 'no input: give files, or - for stdin')
  if (options.resume && options.files.includes(STDIN))
    throw new AppError(
      'USAGE',
      '--resume needs files: stdin cannot be read again from a checkpoint',
    )
  const interrupted = await log.markInterrupted()
  if (interrupted > 0) options.log?.warn({ interrupted }, 'earlier import runs were interrupted')

  const sources = await Promise.all(
    options.files.map((file) => describeSource(file, options.stdin)),
  )
  const sourceKey = hash(
    'sha256',
    `${settings}\n${sources.map((source) => source.key).join('\n')}`,
    'hex',
  )
  let runId: number | undefined
  let checkpoint: Checkpoint = { fileIndex: 0, offset: 0, line: 0 }
  if (options.resume) {
    const run = await log.findResumable(sourceKey)
    if (run) {
      runId = run.id
      checkpoint = parseCheckpoint(run.checkpoint)
      await log.reopen(run.id)
      options.log?.info({ runId, checkpoint }, 'import resumed')
    } else {
      options.log?.info('no interrupted run over these inputs: starting from the beginning')
    }
  }
  const resumed = runId !== undefined
  runId ??= await log.start(options.files, sourceKey, now())
  const id = runId
  options.log?.info({ runId: id, files: options.files, db: store.description }, 'import started')
  // A first load writes the whole archive: the indexes whose keys land each post at random
  // places (the site's lists, the fingerprints) are built once at the end instead of kept
  // post by post (store/deferred-indexes.ts). Any later open of the store builds them too,
  // should this run be killed first.
  const bulk = (await store.db.selectFrom('posts').select('id').limit(1).execute()).length === 0
  if (bulk) {
    await dropDeferredIndexes(store.db)
    options.log?.info({ runId: id }, 'empty archive: deferred indexes are built at the end')
  }
  const writer = store.createPostWriter({ firstLoad: bulk })
  // An empty archive has no batch to remember: rows left from before it was emptied go.
  const trustedSince = bulk ? Number.POSITIVE_INFINITY : await log.trustedBatchesSince(id)
  if (bulk) await store.db.deleteFrom('import_batches').execute()

  // Only what this invocation read; the run's counts live in its row (a resumed run's too).
  let recordsRead = 0
  const totalBytes = sources.every((source) => source.size !== undefined)
    ? sources.reduce((sum, source) => sum + source.size!, 0)
    : undefined
  let bytesRead =
    sources.slice(0, checkpoint.fileIndex).reduce((sum, source) => sum + (source.size ?? 0), 0) +
    checkpoint.offset

  // A batch is read and its records handed to the preparer (a worker thread, for large
  // inputs) before the batch ahead of it is written: parsing overlaps the database's work.
  async function startBatch(batch: RawRecord[], fileIndex: number): Promise<StartedBatch> {
    // An empty archive holds no record yet (nor the index this lookup seeks): a record this
    // run repeats is caught as a duplicate when its batch commits. Its fingerprints are then
    // needed only with the records, and the preparer (another thread) computes them.
    const fingerprints = batch.map((raw) =>
      raw.bytes && !bulk ? sourceFingerprint(settings, raw.format, raw.bytes) : undefined,
    )
    const digest = fingerprints.every((value) => value !== undefined)
      ? batchDigest(fingerprints)
      : undefined
    const known = bulk ? new Map<string, string>() : await knownRecords(fingerprints, digest)
    const jobs: PrepareJob[] = []
    for (const [i, raw] of batch.entries())
      if (needsPreparing(raw, fingerprints[i], known))
        jobs.push({ bytes: raw.bytes!, format: raw.format, sourceFingerprint: fingerprints[i] })
    return { batch, fileIndex, fingerprints, known, prepared: preparer.prepare(jobs), digest }
  }

  /**
   * Source ids by fingerprint of the records stored exactly as read: for a batch a run since
   * the last update remembered, from its one row; otherwise by looking each fingerprint up.
   */
  async function knownRecords(
    fingerprints: ReadonlyArray<string | undefined>,
    digest: string | undefined,
  ) {
    const remembered = digest && (await log.rememberedBatch(digest, trustedSince))
    if (remembered && remembered.length === fingerprints.length)
      return new Map(remembered.map((sourceId, i) => [fingerprints[i]!, sourceId]))
    return knownSources(fingerprints.filter((value): value is string => value !== undefined))
  }

  /**
   * Writes a batch in one transaction, each part of its records as the preparer finishes it:
   * held until the whole batch was ready, the records outlived this thread's young-generation
   * collections and were copied and promoted (docs/performance/import.md).
   */
  async function commitBatch({
    batch,
    fileIndex,
    fingerprints,
    known,
    prepared,
    digest,
  }: StartedBatch): Promise<void> {
    const quarantine: QuarantineEntry[] = []
    const reject = (raw: RawRecord, reason: string, line = raw.line) => {
      quarantine.push({ file: raw.file, line, reason, record: shownRecord(raw) })
    }
    const firstInBatch = new Map<string, RawRecord>()
    // Each record's source fingerprint and id, by position: the batch is remembered when all land.
    const landing = { fingerprints: [] as string[], sourceIds: [] as string[] }
    const written: WriteResult = { inserted: 0, updated: 0, unchanged: 0 }
    const purged: string[] = []
    const stamp = now()
    let position = 0

    // The batch's next records, up to the last of `results` and any after it that needed no
    // preparing; with no results, all the rest.
    const candidatesFor = (results: readonly Prepared[]) => {
      const candidates: Array<{ raw: RawRecord; sourceId: string; record?: PostRecord }> = []
      let next = 0
      for (; position < batch.length; position++) {
        const raw = batch[position]!
        const fingerprint = fingerprints[position]
        if (!raw.bytes) {
          const limit = maxBytes.toLocaleString('en')
          reject(
            raw,
            `record is ${raw.size.toLocaleString('en')} bytes, over the limit of ${limit}`,
          )
          continue
        }
        if (!needsPreparing(raw, fingerprint, known)) {
          const sourceId = known.get(fingerprint!)!
          candidates.push({ raw, sourceId })
          landing.fingerprints[position] = fingerprint!
          landing.sourceIds[position] = sourceId
          continue
        }
        if (next === results.length) {
          if (results.length > 0) break
          throw new Error(`the record parser gave no result for ${raw.file}:${raw.line}`)
        }
        const result = results[next++]!
        if (!result.ok) {
          const line = raw.format === 'ndjson' ? raw.line : (result.line ?? raw.line)
          reject(raw, result.reason, line)
          continue
        }
        candidates.push({ raw, sourceId: result.record.sourceId, record: result.record })
        landing.fingerprints[position] = result.record.sourceFingerprint
        landing.sourceIds[position] = result.record.sourceId
      }
      const unique: typeof candidates = []
      for (const candidate of candidates) {
        const first = firstInBatch.get(candidate.sourceId)
        if (first)
          reject(candidate.raw, duplicateReason(candidate.sourceId, first.file, first.line))
        else {
          firstInBatch.set(candidate.sourceId, candidate.raw)
          unique.push(candidate)
        }
      }
      return unique
    }

    const write = async (trx: Transaction<Tables>, results: readonly Prepared[]) => {
      const unique = candidatesFor(results)
      const seen: SeenEntry[] = unique.map(({ raw, sourceId }) => ({
        sourceId,
        file: raw.file,
        line: raw.line,
      }))
      const earlier = await markSeen(trx, id, seen)
      const records: PostRecord[] = []
      for (const candidate of unique) {
        const first = earlier.get(candidate.sourceId)
        if (first)
          reject(candidate.raw, duplicateReason(candidate.sourceId, first.file, first.line))
        else if (candidate.record) records.push(candidate.record)
        else written.unchanged++
      }
      if (records.length === 0) return
      const result = await writer.write(trx, records, stamp)
      written.inserted += result.inserted
      written.updated += result.updated
      written.unchanged += result.unchanged
      for (const record of records) purged.push(record.sourceId)
    }

    const last = batch.at(-1)!
    await checkpoints.ready()
    const counts = await store.db.transaction().execute(async (trx) => {
      let gathered: Prepared[] = []
      for await (const part of prepared) {
        gathered = gathered.length === 0 ? part : gathered.concat(part)
        if (gathered.length < writer.recordsPerWrite) continue
        await write(trx, gathered)
        gathered = []
      }
      await write(trx, gathered)
      await writer.finish(trx)
      if (written.inserted + written.updated > 0)
        await recordPurge(
          trx,
          purged.map((post) => ({ post })),
        )
      quarantine.sort((a, b) => a.line - b.line)
      await log.quarantine(trx, id, quarantine, now())
      // A batch found remembered is remembered again: its row then names this run, whose
      // rows a later run still trusts should this one update a post after it.
      if (quarantine.length === 0)
        await log.rememberBatch(
          trx,
          id,
          digest ?? batchDigest(landing.fingerprints),
          landing.sourceIds,
        )
      const counts: RunCounts = {
        records: batch.length,
        ...written,
        quarantined: quarantine.length,
        bytes: batch.reduce((sum, raw) => sum + raw.size, 0),
      }
      await log.advance(trx, id, counts, { fileIndex, offset: last.end, line: last.line })
      return counts
    })
    writer.committed()
    checkpoints.committed()
    recordsRead += counts.records
    bytesRead += counts.bytes
    options.log?.debug({ runId: id, ...counts, line: last.line }, 'batch committed')
    options.onProgress?.({ bytes: bytesRead, totalBytes, records: recordsRead })
  }

  const preparer =
    (options.parallel ?? (totalBytes === undefined || totalBytes >= PARALLEL_FROM_BYTES))
      ? workerPreparer(preparing)
      : inlinePreparer(preparing)
  // Copying the WAL into the database file happens beside the writes, on another thread.
  const checkpoints = store.startBackgroundCheckpoints()
  let ahead: StartedBatch | undefined
  const submit = async (batch: RawRecord[], fileIndex: number) => {
    if (batch.length === 0) return
    const started = await startBatch(batch, fileIndex)
    if (ahead) await commitBatch(ahead)
    ahead = started
  }
  try {
    for (let fileIndex = checkpoint.fileIndex; fileIndex < sources.length; fileIndex++) {
      const source = sources[fileIndex]!
      const resuming = fileIndex === checkpoint.fileIndex
      const records = readRecords(source.file, {
        format: source.format,
        maxBytes,
        startOffset: resuming ? checkpoint.offset : 0,
        startLine: resuming ? checkpoint.line : 0,
        input: source.file === STDIN ? options.stdin : undefined,
      })
      let batch: RawRecord[] = []
      let batchBytes = 0
      for await (const raw of records) {
        batch.push(raw)
        batchBytes += raw.size
        if (batch.length >= batchSize || batchBytes >= BATCH_BYTES) {
          await submit(batch, fileIndex)
          batch = []
          batchBytes = 0
        }
      }
      await submit(batch, fileIndex)
    }
    if (ahead) await commitBatch(ahead)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    await log.finish(id, 'failed', now(), message)
    options.log?.error({ runId: id, err: error }, 'import failed')
    throw error
  } finally {
    await preparer.close()
    await checkpoints.close()
    if (checkpoints.failure !== undefined)
      options.log?.warn(
        { runId: id, reason: checkpoints.failure },
        'background checkpoints stopped; the import checkpointed for itself',
      )
    if (bulk) {
      const building = performance.now()
      const built = await restoreDeferredIndexes(store.db, store.caps)
      await refreshPlannerStatistics(store.db, store.caps)
      options.log?.info(
        { runId: id, indexes: built, ms: Math.round(performance.now() - building) },
        'deferred indexes built',
      )
    }
  }
  const counted = await log.get(id)
  const run = await log.finish(id, (counted?.quarantined ?? 0) > 0 ? 'partial' : 'succeeded', now())
  const ms = performance.now() - started
  // The summary is the run's, from its row: for a resumed run that includes what the killed
  // part committed, so its summary and exit code are those of one clean run.
  const { records, inserted, updated, unchanged, quarantined, bytes } = run
  const quarantinedRecords = (await log.quarantined(id, LISTED_QUARANTINE)).map(
    ({ file, line, reason, record }) => ({
      file,
      line,
      reason,
      record,
    }),
  )
  const summary: ImportSummary = {
    runId: id,
    status: run.status,
    resumed,
    records,
    inserted,
    updated,
    unchanged,
    quarantined,
    bytes,
    quarantinedRecords,
    ms,
    rate: recordsRead / Math.max(ms / 1000, 1e-3),
  }
  options.log?.info(
    {
      runId: id,
      status: run.status,
      records,
      inserted,
      updated,
      unchanged,
      quarantined,
      ms: Math.round(ms),
    },
    'import finished',
  )
  return summary
}

/** A record within the size limit and not stored exactly as read: it must be parsed. */
const needsPreparing = (
  raw: RawRecord,
  fingerprint: string | undefined,
  known: ReadonlyMap<string, string>,
): boolean => raw.bytes !== undefined && (fingerprint === undefined || !known.has(fingerprint))

const duplicateReason = (sourceId: string, file: string, line: number) =>
  `duplicate source_id ${JSON.stringify(sourceId)} in this run (first at ${file}:${line})`

function shownRecord(raw: RawRecord): string {
  if (!raw.bytes) return `(${raw.size.toLocaleString('en')} bytes, not kept)`
  return raw.bytes.subarray(0, SHOWN_RECORD_BYTES).toString('utf8').replaceAll('\u0000', '\uFFFD')
}

async function describeSource(file: string, stdin: Readable | undefined): Promise<Source> {
  if (file === STDIN) {
    if (!stdin) throw new AppError('USAGE', 'stdin (-) given but no input stream')
    return { file, format: 'ndjson', size: undefined, key: 'stdin' }
  }
  let size: number
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new AppError('IO', `${file} is not a file`)
    size = info.size
  } catch (error) {
    if (error instanceof AppError) throw error
    throw new AppError(
      'IO',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    )
  }
  const handle = await open(file)
  const head = Buffer.alloc(Math.min(size, 65536))
  try {
    await handle.read(head, 0, head.length, 0)
  } finally {
    await handle.close()
  }
  const format = await detectFormat(file, head)
  return { file, format, size, key: `${file}|${size}|${hash('sha256', head, 'hex')}` }
}
