import { InvalidArgumentError } from 'commander'
import { describe, expect, it } from 'vitest'
import { wholeNumber } from './number-option.ts'

describe('wholeNumber', () => {
  it('accepts whole numbers in range and names the flag and range otherwise', () => {
    expect(wholeNumber('--k', 1, 99)('42')).toBe(42)
    expect(wholeNumber('--port', 0, 65_535)('0')).toBe(0)
    expect(() => wholeNumber('--k', 1, 99)('100')).toThrow(
      new InvalidArgumentError('--k must be a whole number from 1 to 99, got "100"'),
    )
    expect(() => wholeNumber('--page', 1)('0')).toThrow(
      '--page must be a whole number above 0, got "0"',
    )
    expect(() => wholeNumber('--count')('-3')).toThrow('--count must be a whole number, got "-3"')
    for (const bad of ['1.5', '1e3', '', ' 7', '0x10', '99999999999999999'])
      expect(() => wholeNumber('--n')(bad), bad).toThrow(InvalidArgumentError)
  })
})
