import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { WRITABLE_SYNC_FIELDS } from '../common/sync/sync.types';
import { WRITABLE_FIELD_DOCS } from './writable-field.docs';

/** A sync's attributes as Squared returns them: the ten writable fields plus read-only ones. */
export class SyncAttributesSchema {
  @ApiProperty({ enum: ['disabled', 'healthy', 'pending', 'failed', 'aborted'], readOnly: true })
  readonly status: string;

  @ApiPropertyOptional({ type: 'string', nullable: true, readOnly: true })
  readonly cursor_field: string | null;

  @ApiPropertyOptional({ type: 'string', nullable: true, readOnly: true })
  readonly current_cursor_field: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', readOnly: true })
  readonly created_at: string;

  @ApiProperty({ type: 'string', format: 'date-time', readOnly: true })
  readonly updated_at: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, readOnly: true })
  readonly source: object;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, readOnly: true })
  readonly destination: object;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, readOnly: true })
  readonly model: object;
}

// The writable fields are described once (writable-field.docs.ts) and applied here and on the PATCH body.
for (const field of WRITABLE_SYNC_FIELDS) {
  ApiProperty(WRITABLE_FIELD_DOCS[field])(SyncAttributesSchema.prototype, field);
}

export class SyncResourceSchema {
  @ApiProperty({ example: '42', description: 'The sync id, as a string (JSON:API)' })
  readonly id: string;

  @ApiProperty({ enum: ['syncs'] })
  readonly type: string;

  @ApiProperty({ type: SyncAttributesSchema })
  readonly attributes: SyncAttributesSchema;
}

/** Squared's JSON:API document for one sync, passed on as Squared sent it. */
export class SyncDocumentSchema {
  @ApiProperty({ type: SyncResourceSchema })
  readonly data: SyncResourceSchema;
}

/**
 * Any JSON value: a changed field can hold a string, a number, a boolean, null, an object or an array.
 * `type: Array` only makes @nestjs/swagger emit the `oneOf` without a `type` of its own; without it,
 * an `unknown` property is documented as `type: object`, which no scalar value matches.
 */
const JSON_VALUE: ApiPropertyOptions = {
  type: Array,
  oneOf: [
    { type: 'string', nullable: true },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object', additionalProperties: true },
    { type: 'array', items: {} },
  ],
};

export class SyncChangeSchema {
  @ApiProperty({ example: 'sync_interval', description: 'Dotted path of the changed field' })
  readonly path: string;

  @ApiPropertyOptional({
    ...JSON_VALUE,
    description: 'Value before (absent: the key did not exist)',
  })
  readonly from?: unknown;

  @ApiPropertyOptional({ ...JSON_VALUE, description: 'Value after (absent: the key was removed)' })
  readonly to?: unknown;
}

/** `?dryRun=true`: the document as it would be, and what would change; nothing was sent. */
export class DryRunResultSchema {
  @ApiProperty({ type: SyncResourceSchema })
  readonly data: SyncResourceSchema;

  @ApiProperty({ type: [SyncChangeSchema] })
  readonly changes: SyncChangeSchema[];
}
