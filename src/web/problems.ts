/** A request the site refuses, with words for the reader: rendered as an HTML page with `status`. */
export class HttpProblem extends Error {
  readonly status: number
  readonly title: string
  constructor(status: number, title: string, detail: string) {
    super(detail)
    this.status = status
    this.title = title
  }
}

const PAGE_NUMBER = /^[1-9]\d{0,5}$/

/** `?page=` of a list: absent means 1; anything but a whole number from 1 is a 400. */
export function pageNumber(value: unknown, max = 999_999): number {
  if (value === undefined || value === '') return 1
  if (typeof value !== 'string' || !PAGE_NUMBER.test(value) || Number(value) > max)
    throw new HttpProblem(
      400,
      'Bad page number',
      `"page" must be a whole number from 1 to ${max.toLocaleString('en')}.`,
    )
  return Number(value)
}

/** A query parameter as one string: repeated parameters and missing ones read as ''. */
export function queryText(value: unknown, maxLength = 200): string {
  const text = Array.isArray(value) ? value[0] : value
  return typeof text === 'string' ? text.slice(0, maxLength) : ''
}
