/**
 * Structured JSON-line logging (pino). Tokens and passwords never reach a log line:
 * the redaction paths below cover every place they could appear.
 */
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

export interface LogOptions {
  logLevel: string;
}

export function createLogger(options: LogOptions, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level: options.logLevel,
      base: { service: 'parley-server' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['token', 'password', 'access_token', 'authorization', '*.token', '*.password', '*.access_token', '*.authorization', 'req.headers.authorization'],
        censor: '[redacted]',
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
