import pino, { type Logger } from 'pino'
import type { Config } from './config.ts'

/** Structured JSON logs on stderr (stdout is for what a command prints); secrets never logged. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { pid: process.pid },
      redact: {
        paths: [
          'password',
          '*.password',
          'headers.cookie',
          'headers.authorization',
          'req.headers.cookie',
          'req.headers.authorization',
          'databaseUrl',
          '*.databaseUrl',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 2, sync: false }),
  )
}
