import type { ApiPropertyOptions } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import {
  SCHEDULE_TYPES,
  SYNC_INTERVAL_UNITS,
  SYNC_MODES,
  type WritableSyncField,
} from '../common/sync/sync.types';

const V1_MAPPING: SchemaObject = {
  type: 'object',
  additionalProperties: true,
  description: 'v1 mapping',
};
const V2_MAPPINGS: SchemaObject = {
  type: 'array',
  minItems: 1,
  items: { type: 'object', additionalProperties: true },
  description: 'v2 mappings: from, to, mapping_type, value, value_type, template, …',
};

const id = (what: string): ApiPropertyOptions => ({
  type: 'integer',
  minimum: 1,
  maximum: 2147483647,
  description: `Id of the ${what}`,
});

/**
 * OpenAPI 3.0 admits `null` in an enum only when the enum lists it (`nullable` alone does not: 3.0.3
 * clarified that `nullable` never widens an `enum`), and Squared stores `null` in these fields.
 */
const nullableEnum = (values: readonly string[]): ApiPropertyOptions => ({
  type: 'string',
  enum: [...values, null],
  nullable: true,
});

/**
 * OpenAPI descriptions of the ten writable fields, shared by the PATCH body (where each is optional
 * and `null` removes, JSON Merge Patch) and the Squared document's attributes.
 */
export const WRITABLE_FIELD_DOCS: Record<WritableSyncField, ApiPropertyOptions> = {
  source_id: id('source connector'),
  destination_id: id('destination connector'),
  model_id: id('model'),
  schedule_type: { enum: [...SCHEDULE_TYPES] },
  sync_mode: nullableEnum(SYNC_MODES),
  sync_interval: {
    type: 'integer',
    minimum: 1,
    maximum: 2147483647,
    nullable: true,
    description: 'Required when schedule_type is interval',
  },
  sync_interval_unit: {
    ...nullableEnum(SYNC_INTERVAL_UNITS),
    description: 'Required when schedule_type is interval',
  },
  cron_expression: {
    type: 'string',
    nullable: true,
    example: '0 */6 * * *',
    description: 'Required when schedule_type is cron_expression; a cron Squared accepts',
  },
  stream_name: { type: 'string', minLength: 1, maxLength: 255 },
  configuration: {
    type: 'object', // dropped by @nestjs/swagger in favour of oneOf; needed where no design type exists
    oneOf: [V1_MAPPING, V2_MAPPINGS],
    description: 'Non-empty. Objects merge recursively, arrays replace (RFC 7396)',
  } as ApiPropertyOptions, // the option types do not model `type` next to `oneOf`
};
