import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';

export interface PlainAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * A request with headers exactly as given: an array value sends the field once per item (supertest
 * and fetch would merge or replace them). The answer's body is parsed as JSON.
 */
export function requestWithHeaders(
  url: string,
  headers: OutgoingHttpHeaders,
  method = 'GET',
): Promise<PlainAnswer> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(url, { method, headers });
    call.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers as Record<string, string>,
          body: JSON.parse(text) as Record<string, unknown>,
        }),
      );
    });
    call.on('error', reject);
    call.end();
  });
}
