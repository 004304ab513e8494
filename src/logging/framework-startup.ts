import type { Logger as PinoLogger } from 'pino';

/**
 * Nest announces every module, controller and route at start (about 30 lines at `info`). They say
 * nothing an operator acts on, so they are logged at `debug`; the gateway's own "listening on" line
 * says that it started.
 */
const STARTUP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);
const INFO = 30;

type LogMethod = (this: PinoLogger, args: unknown[], method: (...args: unknown[]) => void) => void;

/** A pino `logMethod` hook: framework start-up lines go to `debug`, everything else to `next`. */
export function demotingFrameworkStartup(next: LogMethod) {
  return function (
    this: PinoLogger,
    args: unknown[],
    method: (...args: unknown[]) => void,
    level: number,
  ): void {
    if (level === INFO && isStartupLine(args[0])) {
      // Re-enters this hook at debug level, where `next` scrubs and writes it (if debug is on).
      (this.debug as (...a: unknown[]) => void)(...args);
      return;
    }
    next.call(this, args, method);
  };
}

function isStartupLine(first: unknown): boolean {
  const context = (first as { context?: unknown } | null)?.context;
  return typeof context === 'string' && STARTUP_CONTEXTS.has(context);
}
