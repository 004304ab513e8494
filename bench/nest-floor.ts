/**
 * N, the stack's floor: P's work (GET, shallow merge, PUT) done with the parts the design card fixes and
 * nothing else: a NestJS controller on the Fastify adapter, Nest's own JSON body parsing, and
 * @nestjs/axios's `HttpService` sending through the gateway's undici adapter (loaded from the gateway's
 * build). No auth, limits, audit, validation or logging. G − N is what the gateway's features cost;
 * N − P what the framework and axios cost before any of them runs.
 * Environment: UPSTREAM_URL. Answers its port over IPC once listening.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { HttpModule, HttpService } from '@nestjs/axios';
import { Body, Controller, Headers, Module, Param, Patch, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { Pool } from 'undici';
import { shallowMerge } from './shallow-merge';

type AdapterModule = typeof import('../src/squared/undici-axios.adapter');
// The gateway's own adapter, from the build the benchmark runs (bench/results/.gateway).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createUndiciAdapter } = require(
  join(__dirname, '..', '.gateway', 'squared', 'undici-axios.adapter.js'),
) as AdapterModule;

const UPSTREAM = process.env.UPSTREAM_URL ?? '';

@Controller('syncs')
class SyncsController {
  constructor(private readonly http: HttpService) {}

  @Patch(':id')
  async patch(
    @Param('id') id: string,
    @Body() body: { sync: Record<string, unknown> },
    @Headers('x-request-id') requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const url = `/api/v1/syncs/${id}`;
    const headers = {
      authorization: 'Bearer nest-floor',
      'workspace-id': '3',
      accept: 'application/json',
      'x-request-id': String(requestId),
    };
    const current = await this.http.axiosRef.request<string>({ method: 'GET', url, headers });
    const document = JSON.parse(current.data) as { data: { attributes: Record<string, unknown> } };
    const record = shallowMerge(document.data.attributes, body.sync);
    const written = await this.http.axiosRef.request<string>({
      method: 'PUT',
      url,
      headers: { ...headers, 'content-type': 'application/json' },
      data: JSON.stringify({ sync: record }),
    });
    void reply.status(written.status).header('content-type', 'application/json');
    return written.data;
  }
}

@Module({
  imports: [
    HttpModule.register({
      baseURL: UPSTREAM,
      adapter: createUndiciAdapter(
        new Pool(UPSTREAM, { connections: 64, keepAliveTimeout: 30_000 }),
      ),
      validateStatus: () => true,
      transformResponse: (data: string) => data,
      maxRedirects: 0,
    }),
  ],
  controllers: [SyncsController],
})
class NestFloorModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    NestFloorModule,
    new FastifyAdapter(),
    {
      logger: false,
    },
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
