import { AddressInfo, createServer, Server, Socket } from 'node:net';

/**
 * What the proxy does with the bytes of every connection through it:
 * - `pass`: forwards them;
 * - `refuse`: open connections are destroyed and new ones closed at once (the store is down);
 * - `black-hole`: accepts connections and drops every byte (a path that eats packets);
 * - `delay`: forwards each chunk `ms` late, in order;
 * - `hold`: keeps every byte, in order, until the mode changes (a stalled store or a full TCP
 *   buffer); switching back to `pass` delivers them late, so the store runs the held commands then.
 */
export type ProxyMode =
  | { kind: 'pass' }
  | { kind: 'refuse' }
  | { kind: 'black-hole' }
  | { kind: 'delay'; ms: number }
  | { kind: 'hold' };

/** One direction of one connection: chunks wait here until the mode lets them through. */
class Lane {
  private readonly queue: { chunk: Buffer; dueAt: number }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly destination: Socket,
    private readonly mode: () => ProxyMode,
  ) {}

  push(chunk: Buffer): void {
    const mode = this.mode();
    if (mode.kind === 'black-hole' || mode.kind === 'refuse') {
      return;
    }
    this.queue.push({ chunk, dueAt: Date.now() + (mode.kind === 'delay' ? mode.ms : 0) });
    this.pump();
  }

  pump(): void {
    if (this.mode().kind === 'hold' || this.timer) {
      return;
    }
    while (this.queue.length > 0 && this.queue[0].dueAt <= Date.now()) {
      this.destination.write(this.queue.shift()!.chunk);
    }
    if (this.queue.length > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, this.queue[0].dueAt - Date.now());
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.queue.length = 0;
  }
}

/**
 * A TCP proxy in front of Redis (or PostgreSQL) that a test switches between modes (`ProxyMode`), to
 * make the gateway's store refuse, hang or answer late without touching the real one.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private readonly lanes = new Set<Lane>();
  private current: ProxyMode = { kind: 'pass' };
  private holdTrigger: ((chunk: Buffer) => boolean) | undefined;

  private constructor(private readonly server: Server) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server);
    server.on('connection', (client) => proxy.accept(client, targetHost, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** A proxy in front of the Redis at `url`. */
  static forUrl(url: string): Promise<TcpProxy> {
    const target = new URL(url);
    return TcpProxy.start(target.hostname, Number(target.port || 6379));
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get mode(): ProxyMode {
    return this.current;
  }

  setMode(mode: ProxyMode): void {
    this.current = mode;
    if (mode.kind === 'refuse') {
      this.sockets.forEach((socket) => socket.destroy());
    }
    this.lanes.forEach((lane) => lane.pump());
  }

  /**
   * Passes until a chunk from the gateway matches `matches` (e.g. it holds a given key), then holds
   * from that chunk on: the stall begins exactly as that command goes out.
   */
  holdFrom(matches: (chunk: Buffer) => boolean): void {
    this.holdTrigger = matches;
  }

  /** Refuses (as when the store is down). */
  drop(): void {
    this.setMode({ kind: 'refuse' });
  }

  /** Passes again; held bytes are delivered now. */
  restore(): void {
    this.setMode({ kind: 'pass' });
  }

  async close(): Promise<void> {
    this.drop();
    this.lanes.forEach((lane) => lane.stop());
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number): void {
    if (this.current.kind === 'refuse') {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    const lanes = [new Lane(upstream, () => this.current), new Lane(client, () => this.current)];
    lanes.forEach((lane) => this.lanes.add(lane));
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        this.sockets.delete(socket);
        lanes.forEach((lane) => {
          lane.stop();
          this.lanes.delete(lane);
        });
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      if (this.holdTrigger?.(chunk)) {
        this.holdTrigger = undefined;
        this.setMode({ kind: 'hold' });
      }
      lanes[0].push(chunk);
    });
    upstream.on('data', (chunk: Buffer) => lanes[1].push(chunk));
    upstream.connect(port, host);
  }
}
