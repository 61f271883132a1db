import { randomBytes } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { AppError } from '../errors.ts'

export const STDIN = '-'

/** Reads a whole file, or stdin for `-`, as bytes. */
export async function readInput(file: string): Promise<Uint8Array> {
  if (file === STDIN) {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }
  try {
    return await readFile(file)
  } catch (error) {
    throw new AppError(
      'IO',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        cause: error,
      },
    )
  }
}

/** Writes the whole output at once, so a failure leaves the target as it was (rename is atomic). */
export async function writeOutput(target: string | undefined, text: string): Promise<void> {
  if (target === undefined || target === STDIN) {
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(text, (error) => (error ? reject(error) : resolve())),
    )
    return
  }
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`,
  )
  try {
    await writeFile(temporary, text)
    await rename(temporary, target)
  } catch (error) {
    await rm(temporary, { force: true })
    throw new AppError(
      'IO',
      `cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        cause: error,
      },
    )
  }
}
