import { createHash } from 'node:crypto'
// From the writer's module: store/index.ts would load both database drivers into the parser
// thread, which never opens a database.
import { type PostRecord, postRecord } from '../store/post-writer.ts'
import { parseRecord } from './parse-record.ts'
import type { RecordFormat } from './read-records.ts'

/** One record's bytes, to become a post record or a reason it cannot be one. */
export interface PrepareJob {
  bytes: Buffer
  format: RecordFormat
  /** Computed by prepareRecord when absent. */
  sourceFingerprint?: string
}

export interface PrepareSettings {
  /** Hold every synthesized post for review, not only those flagged `needs_human_review`. */
  reviewAllGenerated: boolean
  /** The import's settings, part of every source fingerprint. */
  settings: string
}

/** What, besides a record's bytes, decides what it imports as: part of its source fingerprint. */
export const importSettings = (reviewAllGenerated: boolean): string =>
  `alphanode-import-v1|review-all-generated=${reviewAllGenerated}`

/**
 * A record's bytes and the import settings: equal means this exact record was imported
 * as-is, so a later import skips it without parsing it.
 */
export const sourceFingerprint = (settings: string, format: RecordFormat, bytes: Buffer): string =>
  createHash('sha256').update(`${settings}|${format}|`).update(bytes).digest('hex').slice(0, 32)

/**
 * A batch by its records' source fingerprints, in order: equal means the same records in the
 * same order, so a run that remembered the batch knows every record's source id.
 */
export const batchDigest = (fingerprints: readonly string[]): string =>
  createHash('sha256').update(fingerprints.join('\n')).digest('base64url')

export type Prepared =
  | { ok: true; record: PostRecord }
  | { ok: false; reason: string; line?: number }

/** Parses, validates and derives the stored columns of one record; never throws for bad data. */
export function prepareRecord(
  job: PrepareJob,
  { reviewAllGenerated, settings }: PrepareSettings,
): Prepared {
  const parsed = parseRecord(job.bytes, job.format)
  if (!parsed.ok) return parsed
  return {
    ok: true,
    record: postRecord(parsed.post, {
      sourceId: parsed.sourceId,
      sourceFingerprint:
        job.sourceFingerprint ?? sourceFingerprint(settings, job.format, job.bytes),
      reviewAllGenerated,
    }),
  }
}
