import { isUtf8 } from 'node:buffer'
import { AppError } from '../errors.ts'

/**
 * Bytes to text for every reader: rejects invalid UTF-8 and binary data with the line they
 * start on, drops a byte-order mark, and reads CRLF line ends as LF.
 */
export function decodeText(bytes: Uint8Array): string {
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes)
    throw new AppError('INVALID_ENCODING', `invalid UTF-8 (byte ${at + 1} of the input)`, {
      line: lineAt(bytes, at),
    })
  }
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    throw new AppError('INVALID_ENCODING', 'binary data: a NUL byte in what should be text', {
      line: lineAt(bytes, nul),
    })
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes)
  return normalizeLineEnds(text)
}

export const normalizeLineEnds = (text: string): string =>
  text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++
  return line
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1
    if (need < 0) return i
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
    }
    // Overlong three-byte forms, UTF-16 surrogates and code points above U+10FFFF.
    const second = bytes[i + 1] ?? 0
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f)) return i
    if ((b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i
    i += need + 1
  }
  return bytes.length
}
