import 'reflect-metadata';
import { Type } from 'class-transformer';
import { Allow, IsDefined, ValidateNested } from 'class-validator';
import { GatewayError } from '../errors/gateway.error';
import { GatewayValidationPipe } from './validation.pipe';

class PatchDto {
  @Allow()
  declare readonly name?: unknown;
}

class RequestDto {
  @IsDefined()
  @ValidateNested()
  @Type(() => PatchDto)
  declare readonly patch: PatchDto;
}

const pipe = new GatewayValidationPipe();
const asBody = { type: 'body', metatype: RequestDto } as const;

describe('GatewayValidationPipe', () => {
  it('answers the validated body as the DTO instance, without copying it back to plain', async () => {
    const body = await pipe.transform({ patch: { name: { deep: [1] } } }, asBody);

    expect(body).toBeInstanceOf(RequestDto);
    expect((body as RequestDto).patch).toBeInstanceOf(PatchDto);
    expect(JSON.stringify(body)).toBe('{"patch":{"name":{"deep":[1]}}}');
  });

  it('adds no key the caller did not send', async () => {
    const body = (await pipe.transform({ patch: {} }, asBody)) as RequestDto;

    expect(Object.keys(body.patch)).toEqual([]);
  });

  it('refuses an unknown key with validation_failed', async () => {
    await expect(pipe.transform({ patch: { other: 1 } }, asBody)).rejects.toMatchObject({
      code: 'validation_failed',
    } satisfies Partial<GatewayError>);
  });

  it('leaves a route parameter as the text it came as', async () => {
    await expect(
      pipe.transform('0042', { type: 'param', metatype: Number, data: 'id' }),
    ).resolves.toBe('0042');
  });

  it('leaves a query parameter as the text it came as', async () => {
    await expect(
      pipe.transform('10', { type: 'query', metatype: Number, data: 'limit' }),
    ).resolves.toBe('10');
  });
});
