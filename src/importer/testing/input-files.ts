import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { synthesizeNdjsonLine } from '../../synth/index.ts'

/** A folder for one test's input files. */
export function inputDir(): {
  path: (name: string) => string
  write: (name: string, content: string | Buffer) => string
} {
  const dir = mkdtempSync(join(tmpdir(), 'alphanode-import-'))
  return {
    path: (name) => join(dir, name),
    write: (name, content) => {
      const file = join(dir, name)
      writeFileSync(file, content)
      return file
    },
  }
}

/** NDJSON lines of synthesized posts for seeds from..from+count-1. */
export const synthLines = (from: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => synthesizeNdjsonLine(from + i))
