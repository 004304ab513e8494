import { HttpService } from '@nestjs/axios';
import { Injectable, Logger } from '@nestjs/common';
import type { AxiosResponse } from 'axios';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { instrumentUpstreamCalls } from './upstream-metrics';
import { withoutAxiosDefaults } from './squared-axios-defaults';
import { UpstreamHold } from './upstream-hold';
import { SquaredCredentials } from './squared-credentials';
import { SquaredEndpoint } from './squared-endpoint';
import { mapSquaredFailure, mapTransportFailure, upstreamError } from './squared-error.mapper';
import { parseJson } from './squared-json';
import { headerOf } from './squared-login';
import { SquaredTransportError } from './squared-transport.error';
import { JsonValue } from '../common/json/json-value';
import { SquaredSyncDocument } from '../common/sync/sync.types';

type Method = 'GET' | 'PUT';

/**
 * The only code that talks to Squared's sync API. It holds the token (through `SquaredCredentials`),
 * sets the four headers Squared expects, retries once after a 401 when the credentials can be renewed,
 * and turns every failure into a `GatewayError` with a contract code. Raw upstream errors, bodies and
 * headers never leave this class.
 */
@Injectable()
export class SquaredClient {
  private readonly logger = new Logger(SquaredClient.name);

  constructor(
    private readonly http: HttpService,
    private readonly credentials: SquaredCredentials,
    private readonly endpoint: SquaredEndpoint,
    private readonly hold: UpstreamHold,
    metrics: GatewayMetrics,
  ) {
    // Times every call on this HttpService, the service-account login included (it shares it).
    instrumentUpstreamCalls(http.axiosRef, metrics);
    withoutAxiosDefaults(http.axiosRef);
  }

  /** @throws {GatewayError} `sync_not_found`, `upstream_error`, `upstream_timeout`, `upstream_rate_limited`. */
  getSync(id: number, requestId: string): Promise<SquaredSyncDocument> {
    return this.exchange('GET', id, requestId);
  }

  /**
   * Sends the full writable record. Squared has no conditional PUT: the write is unconditional.
   *
   * @throws {GatewayError} as `getSync`, plus `upstream_rejected` for Squared's own 400/422 rules.
   */
  putSync(
    id: number,
    body: { sync: Record<string, JsonValue> },
    requestId: string,
  ): Promise<SquaredSyncDocument> {
    return this.exchange('PUT', id, requestId, JSON.stringify(body));
  }

  private async exchange(method: Method, id: number, requestId: string, body?: string) {
    let token = await this.credentials.token();
    let answer = await this.send(method, id, requestId, token, body);
    if (answer.status === 401 && (await this.credentials.renewAfterRejection(token))) {
      token = await this.credentials.token();
      answer = await this.send(method, id, requestId, token, body);
    }
    if (answer.status >= 200 && answer.status < 300) {
      return this.readDocument(answer);
    }
    const failure = mapSquaredFailure(
      {
        status: answer.status,
        body: parseJson(answer.data),
        retryAfter: headerOf(answer.headers, 'retry-after'),
      },
      id,
    );
    if (answer.status === 429) {
      // Hold every replica's upstream calls until Squared's Retry-After (as mapped) has passed.
      await this.hold.hold(Number(failure.options.headers?.['Retry-After'] ?? 0));
    }
    if (failure.code === 'upstream_rejected' && answer.status === 400) {
      this.logger.warn(`Squared rejected a ${method} the gateway validated: validation gap`);
    }
    throw failure;
  }

  private async send(method: Method, id: number, requestId: string, token: string, body?: string) {
    await this.hold.assertOpen();
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      'Workspace-Id': String(this.endpoint.workspaceId),
      Accept: 'application/json',
      'X-Request-Id': requestId,
    };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    try {
      // The axios instance HttpModule configured, called directly: HttpService's Observable wrapper
      // gives every call a CancelToken and cancels it once the call completes, which builds a
      // CanceledError (with a stack trace) per call: 2.5% of the gateway's CPU in the benchmark.
      return await this.http.axiosRef.request<string>({
        method,
        url: `/api/v1/syncs/${id}`,
        headers,
        data: body,
      });
    } catch (error) {
      throw error instanceof SquaredTransportError ? mapTransportFailure(error) : error;
    }
  }

  private readDocument(answer: AxiosResponse<string>): SquaredSyncDocument {
    const document = parseJson(answer.data) as Partial<SquaredSyncDocument> | undefined;
    const attributes = document?.data?.attributes;
    if (
      typeof attributes !== 'object' ||
      attributes === null ||
      typeof document?.data?.id !== 'string'
    ) {
      throw upstreamError('Squared answered with an unreadable sync document');
    }
    return document as SquaredSyncDocument;
  }
}
