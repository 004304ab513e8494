import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIT_OUTCOMES } from '../common/audit/audit-outcome';
import { SyncChangeSchema } from './sync-document.schema';

const writable = { type: 'object', additionalProperties: true, nullable: true } as const;

/** One audit record (contract section 5), for the OpenAPI document only. */
export class AuditRecordSchema {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ format: 'date-time' }) readonly at: string;
  @ApiProperty() readonly requestId: string;
  @ApiProperty({ description: "The application: a key's client id, a token's or session's app" })
  readonly clientId: string;

  @ApiProperty({
    type: 'object',
    required: ['type', 'id'],
    properties: {
      type: { type: 'string', enum: ['client', 'user'] },
      id: { type: 'string', description: "The client id, or the person's sub" },
      app: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
    },
    description: 'Who made the change (records from before people could sign in: the client)',
  })
  readonly actor: object;

  @ApiProperty({ type: 'integer' }) readonly syncId: number;
  @ApiProperty({ enum: ['sync.update'] }) readonly action: string;
  @ApiProperty({ enum: AUDIT_OUTCOMES }) readonly outcome: string;
  @ApiProperty({ type: 'integer', nullable: true, description: "The gateway's answer" })
  readonly status: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: "Squared's answer to the PUT" })
  readonly upstreamStatus: number | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The request body' })
  readonly patch: object;

  @ApiProperty(writable) readonly before: object | null;
  @ApiProperty(writable) readonly after: object | null;
  @ApiPropertyOptional({
    type: 'string',
    description:
      'HMAC-SHA-256 hex of the unredacted after state, under a server-side key (settling compares it); absent in older records',
  })
  readonly afterDigest?: string;
  @ApiProperty({ type: [SyncChangeSchema] }) readonly changes: SyncChangeSchema[];
  @ApiProperty({ type: 'integer', nullable: true }) readonly durationMs: number | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'SHA-256 hex of the previous record',
  })
  readonly prevHash: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'SHA-256 hex of this record' })
  readonly hash: string | null;
}

export class AuditPageSchema {
  @ApiProperty({ type: [AuditRecordSchema], description: 'Newest first' })
  readonly data: AuditRecordSchema[];

  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page' })
  readonly nextCursor: string | null;
}
