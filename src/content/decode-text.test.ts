import { describe, expect, it } from 'vitest'
import type { AppError } from '../errors.ts'
import { decodeText, firstInvalidUtf8 } from './decode-text.ts'

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))),
  )

function thrown(run: () => unknown): AppError {
  try {
    run()
  } catch (error) {
    return error as AppError
  }
  throw new Error('nothing thrown')
}

describe('decodeText', () => {
  it('decodes UTF-8, drops a BOM and reads CRLF and CR as LF', () => {
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], 'café\r\nb\rc'))).toBe('café\nb\nc')
  })

  it('names the line of the first invalid byte', () => {
    const error = thrown(() => decodeText(bytes('one\ntwo\nthr', [0xff], 'ee')))
    expect(error.code).toBe('INVALID_ENCODING')
    expect(error.line).toBe(3)
  })

  it('rejects binary garbage with a NUL byte', () => {
    const error = thrown(() => decodeText(bytes('a\n', [0x00, 0x01, 0x02])))
    expect(error.message).toMatch(/binary data/)
    expect(error.line).toBe(2)
  })

  it('finds overlong forms, surrogates and truncated sequences', () => {
    expect(firstInvalidUtf8(bytes('ab', [0xc0, 0x80]))).toBe(2)
    expect(firstInvalidUtf8(bytes('a', [0xed, 0xa0, 0x80]))).toBe(1)
    expect(firstInvalidUtf8(bytes('abc', [0xe2, 0x82]))).toBe(3)
    expect(firstInvalidUtf8(bytes('€ ok'))).toBe(6)
  })
})
