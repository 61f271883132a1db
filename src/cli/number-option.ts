import { InvalidArgumentError } from 'commander'

/**
 * A commander parser for a whole-number option in [min, max], whose error names the flag and
 * the range: `--k must be a whole number from 1 to 99, got "x"`.
 */
export function wholeNumber(flag: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  const range =
    max !== Number.MAX_SAFE_INTEGER
      ? ` from ${min} to ${max}`
      : min === 1
        ? ' above 0'
        : min > 1
          ? ` of at least ${min}`
          : ''
  return (value: string): number => {
    const number = Number(value)
    if (!/^\d{1,16}$/.test(value) || number < min || number > max)
      throw new InvalidArgumentError(`${flag} must be a whole number${range}, got "${value}"`)
    return number
  }
}
