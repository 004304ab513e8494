import { destination as pinoDestination, type DestinationStream } from 'pino';
import pinoPretty from 'pino-pretty';

/**
 * Standard output as a developer or a log shipper wants it: pretty, coloured lines on a terminal
 * outside production, JSON lines otherwise (always in production, whatever the terminal).
 */
export function consoleDestination(
  production: boolean,
  isTerminal = process.stdout.isTTY,
): DestinationStream {
  if (production || !isTerminal) {
    return pinoDestination(1);
  }
  return pinoPretty({
    colorize: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
}
