import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultRegistry, HoldRegistry } from './simulator-faults';
import {
  bodyForLog,
  clientIpOf,
  faultAnswer,
  lowercaseHeaders,
  pathOf,
  readBody,
  sendResponse,
} from './simulator-http';
import type { SimResponse } from './simulator-responses';
import type { SimRequest, SimulatorRouter } from './simulator-router';
import type { SimulatorClock } from './simulator-state';
import type { RecordedRequest } from './simulator.types';

interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  record: RecordedRequest;
  simRequest: SimRequest;
}

/**
 * The HTTP side: records requests, counts them in flight, and runs each through
 * hold, latency and fault injection before the router.
 */
export class SimulatorServer {
  readonly faults = new FaultRegistry();
  readonly holds = new HoldRegistry();
  readonly recorded: RecordedRequest[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private server?: Server;
  private closed = false;
  private inFlightCount = 0;
  private maxInFlightCount = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly router: SimulatorRouter,
    private readonly clock: SimulatorClock,
  ) {}

  get inFlight(): number {
    return this.inFlightCount;
  }

  get maxInFlight(): number {
    return this.maxInFlightCount;
  }

  resetMaxInFlight(): void {
    this.maxInFlightCount = this.inFlightCount;
  }

  /** Resolves once every accepted request has closed its response. */
  whenIdle(): Promise<void> {
    if (this.inFlightCount === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves with the base URL once listening. */
  listen(port: number, host: string): Promise<string> {
    const server = createServer((request, response) => this.accept(request, response));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        const address = server.address() as AddressInfo;
        const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        resolve(`http://${hostForUrl}:${address.port}`);
      });
    });
  }

  /** Stops listening, drops parked, delayed and hanging requests. */
  close(): Promise<void> {
    const server = this.server;
    if (this.closed || !server) {
      return Promise.resolve();
    }
    this.closed = true;
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    this.holds.releaseAll();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private accept(request: IncomingMessage, response: ServerResponse): void {
    this.inFlightCount += 1;
    this.maxInFlightCount = Math.max(this.maxInFlightCount, this.inFlightCount);
    response.once('close', () => this.settle());
    const headers = lowercaseHeaders(request);
    const method = (request.method ?? 'GET').toUpperCase();
    const path = pathOf(request);
    const at = this.clock.now();
    const record: RecordedRequest = { method, path, headers, body: undefined, status: 0, at };
    this.recorded.push(record);
    readBody(request)
      .then((rawBody) => {
        record.body = bodyForLog(rawBody);
        const clientIp = clientIpOf(request, headers);
        const simRequest = { method, path, headers, rawBody, clientIp };
        return this.process({ request, response, record, simRequest });
      })
      .catch(() => request.socket.destroy());
  }

  private settle(): void {
    this.inFlightCount -= 1;
    if (this.inFlightCount === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((resolve) => resolve());
    }
  }

  private async process(exchange: Exchange): Promise<void> {
    const { method, path } = exchange.simRequest;
    await this.holds.park(method, path);
    await this.sleep(this.faults.takeLatency(method, path));
    if (this.closed) {
      exchange.request.socket.destroy();
      return;
    }
    const fault = this.faults.takeFault(method, path);
    if (!fault) {
      this.answer(exchange, this.router.handle(exchange.simRequest));
    } else if (fault.kind === 'status' || fault.kind === 'garbage') {
      this.answer(exchange, faultAnswer(fault));
    } else {
      if (fault.afterHandling) {
        this.router.handle(exchange.simRequest);
      }
      if (fault.kind === 'reset') {
        exchange.request.socket.destroy();
      }
    }
  }

  private answer(exchange: Exchange, answer: SimResponse): void {
    exchange.record.status = answer.status;
    sendResponse(exchange.response, answer);
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}
