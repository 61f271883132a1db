/** The one list of error codes; web/ maps them to HTTP statuses and cli/ to exit codes. */
export const ERROR_CODES = {
  PAGE_SYNTAX: 'a plain-text page or Markdown document does not follow its format',
  POST_INVALID: 'a post does not match the post model',
  NOT_REPRESENTABLE: 'a post holds something the chosen format cannot write back exactly',
  INVALID_ENCODING: 'input is not UTF-8 text',
  RECORD_TOO_LARGE: 'one input record is over the size limit',
  USAGE: 'a command was called with missing or conflicting arguments',
  POST_NOT_FOUND: 'no post with that identity',
  SEED_OUT_OF_RANGE: 'a synthesizer seed is outside 0..999999',
  CONFIG_INVALID: 'the configuration is incomplete or contradictory',
  IO: 'a file could not be read or written',
} as const

export type ErrorCode = keyof typeof ERROR_CODES

export interface ErrorPlace {
  /** The file (or `-` for stdin) the error was found in, when known. */
  file?: string
  /** 1-based line number within that file. */
  line?: number
}

export class AppError extends Error {
  override readonly name = 'AppError'
  readonly code: ErrorCode
  file: string | undefined
  line: number | undefined

  constructor(code: ErrorCode, message: string, place: ErrorPlace & { cause?: unknown } = {}) {
    super(message, place.cause === undefined ? undefined : { cause: place.cause })
    this.code = code
    this.file = place.file
    this.line = place.line
  }

  /** `file:line: message`, the form editors and terminals turn into links. */
  get located(): string {
    const where = [this.file, this.line].filter((part) => part !== undefined).join(':')
    return where ? `${where}: ${this.message}` : this.message
  }
}

/** Adds a file name (and a line offset, for records inside a larger file) to an error. */
export function placeError(error: unknown, file: string, lineOffset = 0): unknown {
  if (error instanceof AppError) {
    error.file ??= file
    if (error.line !== undefined) error.line += lineOffset
  }
  return error
}
