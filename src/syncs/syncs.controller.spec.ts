import { NotFoundException } from '@nestjs/common';
import { GatewayError } from '../common/errors/gateway.error';
import type { IdempotentWrites } from '../idempotency/idempotent-writes.service';
import { SyncsService } from './syncs.service';
import { SyncUpdateService } from './sync-update.service';
import { SyncsController } from './syncs.controller';

describe('SyncsController catch-all routes', () => {
  // Neither route reads or writes a sync: they only turn what the router could not match into errors.
  const controller = new SyncsController(
    {} as SyncsService,
    {} as SyncUpdateService,
    {} as IdempotentWrites,
  );
  const longId = '1'.repeat(101);

  it.each([
    ['GET', (rest: string) => controller.getUnroutable(rest)],
    ['PATCH', (rest: string) => controller.updateUnroutable(rest)],
  ])('%s: an id too long for :id is a bad id (400), a deeper path no route (404)', (_, route) => {
    expect(() => route(longId)).toThrow(
      expect.objectContaining({ code: 'bad_request', status: 400 }) as GatewayError,
    );
    expect(() => route('42/extra')).toThrow(NotFoundException);
    expect(() => route(`${longId}/extra`)).toThrow(NotFoundException);
  });
});
