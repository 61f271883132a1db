import { type PostRecord, postRecord } from '../store/index.ts'
import { parseRecord } from './parse-record.ts'
import type { RecordFormat } from './read-records.ts'

/** One record's bytes, to become a post record or a reason it cannot be one. */
export interface PrepareJob {
  bytes: Buffer
  format: RecordFormat
  sourceFingerprint: string
}

export type Prepared =
  | { ok: true; record: PostRecord }
  | { ok: false; reason: string; line?: number }

/** Parses, validates and derives the stored columns of one record; never throws for bad data. */
export function prepareRecord(job: PrepareJob, reviewAllGenerated: boolean): Prepared {
  const parsed = parseRecord(job.bytes, job.format)
  if (!parsed.ok) return parsed
  return {
    ok: true,
    record: postRecord(parsed.post, {
      sourceId: parsed.sourceId,
      sourceFingerprint: job.sourceFingerprint,
      reviewAllGenerated,
    }),
  }
}
