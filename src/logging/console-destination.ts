import { destination as pinoDestination, type DestinationStream } from 'pino';
import pinoPretty from 'pino-pretty';

/**
 * Standard output as a developer or a log shipper wants it: pretty, coloured lines on a terminal
 * outside production, JSON lines otherwise (always in production, whatever the terminal).
 *
 * JSON lines are written asynchronously (pino's "Asynchronous Logging"): the event loop hands each line
 * to sonic-boom, which writes while the next lines queue, so a busy gateway makes one write for many
 * lines instead of one blocking write per line. pino flushes the buffer synchronously on exit, on
 * SIGTERM/SIGINT and on an uncaught exception; only a machine failure can lose the last lines (the
 * audit log, not the request log, is the durable record of changes).
 */
export function consoleDestination(
  production: boolean,
  isTerminal = process.stdout.isTTY,
): DestinationStream {
  if (production || !isTerminal) {
    return pinoDestination({ dest: 1, sync: false });
  }
  return pinoPretty({
    colorize: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
}
