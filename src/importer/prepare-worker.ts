import { parentPort, workerData } from 'node:worker_threads'
import { type FindKnownSources, openStore, type Store } from '../store/index.ts'
import { findStored, prepareRecord } from './prepare-record.ts'
import type { Outcome, PrepareMessage, PrepareReply, WorkerSettings } from './record-preparer.ts'

const settings = workerData as WorkerSettings

// Results go back in parts, not a whole batch at once: held until the end of a batch, 500
// records' strings outlived every young-generation collection and were copied and promoted,
// and collecting took a quarter of this thread (5.5 s of 23 s at 100,000 posts; 2.6 s so).
const REPLY_RECORDS = 25

// Opened at the first lookup: a first load never looks anything up.
let store: Store | undefined
let findKnown: FindKnownSources | undefined
const knownSources = (): FindKnownSources => {
  store ??= openStore(settings.url, { readonly: true })
  findKnown ??= store.createSourceLookup()
  return findKnown
}

async function prepareBatch({ id, bytes, ends, formats, lookUp }: PrepareMessage) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const jobs = formats.map((format, i) => ({
    bytes: buffer.subarray(i === 0 ? 0 : ends[i - 1], ends[i]),
    format,
  }))
  const { fingerprints, stored } = await findStored(
    jobs,
    settings,
    lookUp ? knownSources() : undefined,
  )
  let outcomes: Outcome[] = []
  for (const [i, job] of jobs.entries()) {
    const sourceId = stored[i]
    outcomes.push(
      sourceId !== undefined
        ? { ok: true, stored: sourceId }
        : prepareRecord({ ...job, sourceFingerprint: fingerprints[i] }, settings),
    )
    if (outcomes.length === REPLY_RECORDS && i < jobs.length - 1) {
      parentPort!.postMessage({ id, outcomes, last: false } satisfies PrepareReply)
      outcomes = []
    }
  }
  parentPort!.postMessage({ id, outcomes, last: true } satisfies PrepareReply)
}

// One batch at a time, in the order sent, though a lookup awaits the database.
let queue = Promise.resolve()
parentPort!.on('message', (message: PrepareMessage | 'close') => {
  queue = queue.then(async () => {
    if (message === 'close') {
      await store?.close()
      parentPort!.close()
      return
    }
    try {
      await prepareBatch(message)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      parentPort!.postMessage({ id: message.id, outcomes: [], last: true, error: reason })
    }
  })
})
