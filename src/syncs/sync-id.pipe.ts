import { Injectable, PipeTransform } from '@nestjs/common';
import { GatewayError } from '../common/errors/gateway.error';

const MAX_SYNC_ID = 2147483647;
const POSITIVE_DECIMAL = /^[1-9][0-9]{0,9}$/;

export function invalidSyncIdError(): GatewayError {
  return new GatewayError('bad_request', 'The sync id must be a positive integer up to 2147483647');
}

/** `:id` is a positive decimal integer up to 2^31-1 (contract section 1); anything else never leaves. */
@Injectable()
export class SyncIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = POSITIVE_DECIMAL.test(value) ? Number(value) : NaN;
    if (!(id <= MAX_SYNC_ID)) {
      throw invalidSyncIdError();
    }
    return id;
  }
}
