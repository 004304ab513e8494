import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { AxiosHeaders } from 'axios';
import type { Dispatcher } from 'undici';
import { SquaredTransportError } from './squared-transport.error';

/**
 * An axios adapter that sends through an undici keep-alive pool. Measured on this machine, axios's
 * default http adapter cost about five times raw undici per call; this one about twice, which keeps
 * the `HttpService` API affordable on the hot path (see BENCHMARKS.md).
 *
 * Bodies come back as text: the Squared client parses them itself so that a garbage answer becomes a
 * mapped error rather than an exception inside axios.
 */
export function createUndiciAdapter(dispatcher: Dispatcher): AxiosAdapter {
  return async (config) => {
    const deadline = requestDeadline(config);
    try {
      const answer = await dispatcher.request({
        origin: originOf(config),
        path: pathOf(config),
        method: (config.method ?? 'get').toUpperCase() as Dispatcher.HttpMethod,
        headers: plainHeaders(config.headers),
        body: typeof config.data === 'string' ? config.data : undefined,
        signal: deadline.signal,
      });
      const data = await answer.body.text();
      return toAxiosResponse(config, answer, data);
    } catch (error) {
      throw toTransportError(error, deadline.signal);
    } finally {
      deadline.clear();
    }
  };
}

interface RequestDeadline {
  signal: AbortSignal | undefined;
  clear(): void;
}

/**
 * `config.timeout` (and the caller's signal, if any) as one signal. A timer cleared once the answer is
 * in, rather than `AbortSignal.timeout`, whose timer stays armed for the whole timeout after every
 * call: thousands of live timers and signals at a few hundred calls per second.
 */
function requestDeadline(config: InternalAxiosRequestConfig): RequestDeadline {
  const caller = config.signal as AbortSignal | undefined;
  if (!config.timeout) {
    return { signal: caller, clear: () => undefined };
  }
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The upstream call timed out', 'TimeoutError')),
    config.timeout,
  );
  const signal = caller ? AbortSignal.any([controller.signal, caller]) : controller.signal;
  return { signal, clear: () => clearTimeout(timer) };
}

function originOf(config: InternalAxiosRequestConfig): string {
  return new URL(config.baseURL ?? config.url ?? '').origin;
}

function pathOf(config: InternalAxiosRequestConfig): string {
  const basePath = config.baseURL ? new URL(config.baseURL).pathname.replace(/\/$/, '') : '';
  return basePath + (config.url ?? '/');
}

function plainHeaders(headers: InternalAxiosRequestConfig['headers']): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers.toJSON())) {
    if (typeof value === 'string' || typeof value === 'number') {
      plain[name] = String(value);
    }
  }
  return plain;
}

function toAxiosResponse(
  config: InternalAxiosRequestConfig,
  answer: Dispatcher.ResponseData,
  data: string,
): AxiosResponse<string> {
  const headers = new AxiosHeaders();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined) {
      headers.set(name, value);
    }
  }
  return { data, status: answer.statusCode, statusText: '', headers, config };
}

function toTransportError(error: unknown, signal: AbortSignal | undefined): SquaredTransportError {
  if (signal?.aborted) {
    const timedOut = (signal.reason as Error | undefined)?.name === 'TimeoutError';
    return new SquaredTransportError(
      timedOut ? 'timeout' : 'network',
      timedOut ? 'timeout' : 'aborted',
    );
  }
  const code = (error as { code?: unknown }).code;
  return new SquaredTransportError('network', typeof code === 'string' ? code : 'unknown');
}
