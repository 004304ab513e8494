/**
 * U, the conventional NestJS build of the same PATCH, as a team would write it from the Nest docs:
 * Nest's default Express platform, @nestjs/axios's `HttpService` on axios' own http adapter (a
 * keep-alive agent with P's 64 connections), a global `ValidationPipe` over class-validator DTOs of the
 * ten writable fields, a bearer-key guard and `ThrottlerGuard` with its in-memory storage. GET, shallow
 * merge, PUT; no audit, lock, idempotency or request logging. G / U is what the gateway's design buys
 * (or costs) against that build. Environment: UPSTREAM_URL, U_API_KEY (the key the guard accepts).
 * Answers its port over IPC once listening.
 */
import 'reflect-metadata';
import { Agent } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { HttpModule, HttpService } from '@nestjs/axios';
import {
  Body,
  CanActivate,
  Controller,
  ExecutionContext,
  Headers,
  Injectable,
  Module,
  Param,
  ParseIntPipe,
  Patch,
  UnauthorizedException,
  ValidationPipe,
} from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { firstValueFrom } from 'rxjs';
import { shallowMerge } from './shallow-merge';

const UPSTREAM = process.env.UPSTREAM_URL ?? '';
const API_KEY = Buffer.from(`Bearer ${process.env.U_API_KEY ?? ''}`);

// `declare`: Nest's starter targets ES2021, where optional fields emit no own property; under this
// build's ES2022 target they would become `undefined` keys that the shallow merge copies.
class SyncFieldsDto {
  @IsOptional() @IsInt() @Min(1) declare source_id?: number;
  @IsOptional() @IsInt() @Min(1) declare destination_id?: number;
  @IsOptional() @IsInt() @Min(1) declare model_id?: number;
  @IsOptional() @IsIn(['interval', 'cron_expression', 'manual']) declare schedule_type?: string;
  @IsOptional() @IsString() declare sync_mode?: string;
  @IsOptional() @IsInt() @Min(1) declare sync_interval?: number;
  @IsOptional() @IsIn(['minutes', 'hours', 'days', 'weeks']) declare sync_interval_unit?: string;
  @IsOptional() @IsString() declare cron_expression?: string;
  @IsOptional() @IsString() declare stream_name?: string;
  @IsOptional() @IsObject() declare configuration?: Record<string, unknown>;
}

class UpdateSyncDto {
  @ValidateNested()
  @Type(() => SyncFieldsDto)
  sync: SyncFieldsDto;
}

/** The docs' API-key guard: the bearer token must equal the one configured key. */
@Injectable()
class BearerKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const given = Buffer.from(
      context.switchToHttp().getRequest<{ headers: { authorization?: string } }>().headers
        .authorization ?? '',
    );
    if (given.length !== API_KEY.length || !timingSafeEqual(given, API_KEY)) {
      throw new UnauthorizedException();
    }
    return true;
  }
}

interface SyncDocument {
  data: { attributes: Record<string, unknown> };
}

@Controller('syncs')
class SyncsController {
  constructor(private readonly http: HttpService) {}

  @Patch(':id')
  async patch(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateSyncDto,
    @Headers('x-request-id') requestId: string,
  ): Promise<unknown> {
    const url = `/api/v1/syncs/${id}`;
    const headers = { 'x-request-id': String(requestId) };
    const current = await firstValueFrom(this.http.get<SyncDocument>(url, { headers }));
    const record = shallowMerge(current.data.data.attributes, { ...body.sync });
    const written = await firstValueFrom(
      this.http.put<unknown>(url, { sync: record }, { headers }),
    );
    return written.data;
  }
}

@Module({
  imports: [
    HttpModule.register({
      baseURL: UPSTREAM,
      adapter: 'http',
      httpAgent: new Agent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 30_000 }),
      headers: { authorization: 'Bearer nest-conventional', 'workspace-id': '3' },
      maxRedirects: 0,
    }),
    // As G's benchmark limits: nothing is rejected, and the 1 s window keeps the hit lists short.
    ThrottlerModule.forRoot([{ ttl: 1000, limit: 1_000_000_000 }]),
  ],
  controllers: [SyncsController],
  providers: [
    { provide: APP_GUARD, useClass: BearerKeyGuard },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
  ],
})
class NestConventionalModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(NestConventionalModule, {
    logger: false,
  });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
