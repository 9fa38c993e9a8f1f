import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

/** JSON logs on stdout; personal data (law 09-08) is never logged: only ids and codes. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'jamaa' }, redact: ['req.headers.cookie', 'req.headers.authorization'] });
}

export type { Logger };
