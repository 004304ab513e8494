import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScope } from '../auth/auth.decorators';
import { actorOf } from '../common/auth/caller';
import { GatewayError } from '../common/errors/gateway.error';
import type { AuthenticatedRequest } from '../common/http/gateway-request';
import { IdempotentWrites } from '../idempotency/idempotent-writes.service';
import { SquaredSyncDocument } from '../common/sync/sync.types';
import { UpdateSyncRequestDto } from './dto/update-sync-request.dto';
import { SyncChange } from '../common/sync/sync-changes';
import { invalidSyncIdError, SyncIdPipe } from './sync-id.pipe';
import { ApiGetSync, ApiPatchSync, ApiSyncsController } from '../openapi/syncs.api';
import { SyncsService } from './syncs.service';
import { SyncUpdateService } from './sync-update.service';

@ApiSyncsController()
@Controller('syncs')
export class SyncsController {
  constructor(
    private readonly syncs: SyncsService,
    private readonly updates: SyncUpdateService,
    private readonly idempotency: IdempotentWrites,
  ) {}

  @Get(':id')
  @RequireScope('syncs:read')
  @ApiGetSync()
  async get(
    @Param('id', SyncIdPipe) id: number,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SquaredSyncDocument> {
    const { document, etag } = await this.syncs.get(id, request.id);
    void reply.header('ETag', etag);
    return document;
  }

  @Patch(':id')
  @HttpCode(200)
  @RequireScope('syncs:write')
  @ApiPatchSync()
  async update(
    @Param('id', SyncIdPipe) id: number,
    @Body() body: UpdateSyncRequestDto,
    @Query('dryRun') dryRun: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SquaredSyncDocument | { data: SquaredSyncDocument['data']; changes: SyncChange[] }> {
    return this.idempotency.run(request, reply, async () => {
      const result = await this.updates.update({
        syncId: id,
        clientId: request.caller.app,
        actor: actorOf(request.caller),
        body,
        requestId: request.id,
        dryRun: parseDryRun(dryRun),
        ifMatch,
      });
      void reply.header('ETag', result.etag);
      return result.outcome === 'dry_run'
        ? { data: result.document.data, changes: result.changes }
        : result.document;
    });
  }

  /**
   * Fastify's router matches `:id` up to 100 characters only; a longer id falls through to these two
   * routes, which give it the 400 of every other bad id after the same guards. A deeper path stays 404.
   */
  @Get('*')
  @RequireScope('syncs:read')
  @ApiExcludeEndpoint()
  getUnroutable(@Param('*') rest: string): never {
    throw unroutableIdError(rest);
  }

  @Patch('*')
  @RequireScope('syncs:write')
  @ApiExcludeEndpoint()
  updateUnroutable(@Param('*') rest: string): never {
    throw unroutableIdError(rest);
  }
}

/** Only ids `:id` could not hold (over 100 characters) reach the catch-all routes without a `/`. */
function unroutableIdError(rest: string): Error {
  return rest.includes('/') ? new NotFoundException() : invalidSyncIdError();
}

function parseDryRun(value: string | undefined): boolean {
  if (value === undefined || value === 'false') {
    return false;
  }
  if (value === 'true') {
    return true;
  }
  throw new GatewayError('bad_request', 'dryRun must be true or false');
}
