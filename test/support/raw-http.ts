import { once } from 'node:events';
import { connect, Socket } from 'node:net';

/** A TCP connection to the gateway, for requests an HTTP client would refuse to send. */
export interface RawConnection {
  socket: Socket;
  /** Everything the gateway sent, once it has closed the connection. */
  closed: Promise<string>;
}

const opened = new Set<Socket>();

export async function openRaw(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  opened.add(socket);
  socket.on('close', () => opened.delete(socket));
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  // A reset after the answer (the gateway closes with request bytes unread) is still a close.
  socket.on('error', () => undefined);
  const closed = once(socket, 'close').then(() => received);
  await once(socket, 'connect');
  return { socket, closed };
}

/** Closes every connection a test left open (one that failed before the gateway closed it). */
export function destroyRawConnections(): void {
  for (const socket of opened) {
    socket.destroy();
  }
}

/** Sends `bytes` as they are and resolves with the answer, once the gateway has closed the connection. */
export async function exchangeRaw(url: string, bytes: string): Promise<RawAnswer> {
  const connection = await openRaw(url);
  connection.socket.write(bytes, 'latin1');
  return parseAnswer(await connection.closed);
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** The answer as received, to check that nothing of the request is echoed. */
  text: string;
}

/** One HTTP/1.1 answer (status line, headers, a JSON body of Content-Length bytes). */
export function parseAnswer(text: string): RawAnswer {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) {
    throw new Error(`no HTTP answer received: ${JSON.stringify(text.slice(0, 200))}`);
  }
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  const length = Number(headers['content-length']);
  const body = text.slice(end + 4, end + 4 + length);
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: JSON.parse(body) as Record<string, unknown>,
    text,
  };
}
