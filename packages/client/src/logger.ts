/**
 * Logger: the structural slice of pino the client uses, so callers pass
 * `pino().child({ component: 'reflector' })` and the client itself depends on no logger.
 *
 * Contract: fields first, message second (pino's order); the default logs nothing.
 */

export type LogFn = (fields: Record<string, unknown>, msg: string) => void;

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const noop: LogFn = () => {};

export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
