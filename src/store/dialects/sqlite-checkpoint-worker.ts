import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import type { CheckpointReply } from './sqlite-checkpointer.ts'

const { file } = workerData as { file: string }
const db = new Database(file, { fileMustExist: true })
db.pragma('busy_timeout = 5000')
db.pragma('synchronous = NORMAL')
// A checkpoint copies pages from the WAL to the database file; it reads no b-tree.
db.pragma('cache_size = -1024')

parentPort!.on('message', (message: 'checkpoint' | 'close') => {
  if (message === 'close') {
    db.close()
    parentPort!.close()
    return
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointReply['result'][]
    parentPort!.postMessage({ result } satisfies CheckpointReply)
  } catch (error) {
    parentPort!.postMessage({ error: String(error) } satisfies CheckpointReply)
  }
})
