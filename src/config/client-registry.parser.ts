import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
  validateSync,
  ValidationError,
} from 'class-validator';
import { ConfigurationError } from './configuration.error';
import { GatewayClient } from '../common/auth/gateway-client';
import { Scope, SCOPES } from '../common/auth/scopes';

class ClientRateLimitDto {
  @IsInt()
  @Min(1)
  limit: number;

  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  ttlMs: number;
}

class ClientEntryDto {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
  id: string;

  @Matches(/^[0-9a-f]{64}$/)
  keySha256: string;

  @IsArray()
  @ArrayUnique()
  @IsIn(SCOPES, { each: true })
  scopes: Scope[];

  @IsOptional()
  @ValidateNested()
  @Type(() => ClientRateLimitDto)
  rateLimit?: ClientRateLimitDto;
}

/**
 * Parses and validates a client registry (a JSON array of entries). Errors name the entry and the
 * property, never a value: a digest in a start-up log is still key material.
 *
 * @throws {ConfigurationError} when the registry is malformed.
 */
export function parseClientRegistry(json: string, source: string): GatewayClient[] {
  const raw = parseJson(json, source);
  if (!Array.isArray(raw)) {
    throw new ConfigurationError(`${source} must be a JSON array of clients`);
  }
  const clients = raw.map((entry: unknown, index) => toClient(entry, index, source));
  assertUnique(clients, source);
  return clients;
}

function parseJson(json: string, source: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new ConfigurationError(`${source} is not valid JSON`);
  }
}

function toClient(entry: unknown, index: number, source: string): GatewayClient {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new ConfigurationError(`${source}[${index}] must be an object`);
  }
  const dto = plainToInstance(ClientEntryDto, entry);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw new ConfigurationError(
      `${source}[${index}]: invalid ${propertyPaths(errors).join(', ')}`,
    );
  }
  const { id, keySha256, scopes, rateLimit } = dto;
  return { id, keySha256, scopes: [...scopes], rateLimit: rateLimit && { ...rateLimit } };
}

function propertyPaths(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${error.property}`;
    return error.children?.length ? propertyPaths(error.children, `${path}.`) : [path];
  });
}

function assertUnique(clients: GatewayClient[], source: string): void {
  const seenIds = new Set<string>();
  const seenDigests = new Set<string>();
  for (const client of clients) {
    if (seenIds.has(client.id)) {
      throw new ConfigurationError(`${source}: duplicate client id ${client.id}`);
    }
    if (seenDigests.has(client.keySha256)) {
      throw new ConfigurationError(`${source}: client ${client.id} reuses another client's key`);
    }
    seenIds.add(client.id);
    seenDigests.add(client.keySha256);
  }
}
