import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '../../common/errors/gateway.error';
import { UpdateSyncRequestDto } from './update-sync-request.dto';
import { validationErrorsToFieldErrors } from '../../common/validation/validation-errors';

/** The global pipe as the gateway configures it, answering with our field errors. */
const pipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: false,
  exceptionFactory: (errors: ValidationError[]) => validationErrorsToFieldErrors(errors),
});

async function fieldErrorsOf(body: unknown): Promise<FieldError[]> {
  try {
    await pipe.transform(body, { type: 'body', metatype: UpdateSyncRequestDto });
  } catch (errors) {
    return errors as FieldError[];
  }
  return [];
}

describe('UpdateSyncRequestDto', () => {
  it.each([
    { sync: {} },
    { sync: { sync_mode: 'incremental' } },
    { sync: { sync_interval: null, cron_expression: null, configuration: { email: null } } },
    {
      sync: {
        source_id: 'types are checked after the merge',
        destination_id: 1,
        model_id: 1,
        schedule_type: 'interval',
        sync_mode: 'full_refresh',
        sync_interval: 30,
        sync_interval_unit: 'minutes',
        cron_expression: null,
        stream_name: 'profile',
        configuration: [{ from: 'a', to: 'b', anything: { goes: 'at this stage' } }],
      },
    },
  ])('accepts %j', async (body) => {
    await expect(fieldErrorsOf(body)).resolves.toEqual([]);
  });

  it('returns the body as sent, without keys the caller did not send', async () => {
    const body = { sync: { stream_name: 'profile' } };

    await expect(
      pipe.transform(body, { type: 'body', metatype: UpdateSyncRequestDto }),
    ).resolves.toStrictEqual(body);
  });

  it.each([
    'status',
    'name',
    'id',
    'cursor_field',
    'current_cursor_field',
    'updated_at',
    'sync_modes',
  ])('rejects the read-only or unknown key %s inside sync', async (key) => {
    await expect(fieldErrorsOf({ sync: { stream_name: 'x', [key]: 'x' } })).resolves.toEqual([
      { field: `sync.${key}`, message: 'is not a writable field' },
    ]);
  });

  it('rejects unknown top-level keys', async () => {
    await expect(fieldErrorsOf({ sync: {}, status: 'disabled' })).resolves.toEqual([
      { field: 'status', message: 'is not an allowed key' },
    ]);
  });

  it.each([{}, { sync: null }, { sync: 'x' }, { sync: [] }, { sync: 42 }])(
    'rejects a missing or non-object sync: %j',
    async (body) => {
      const errors = await fieldErrorsOf(body);

      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((error) => error.field === 'sync')).toBe(true);
    },
  );
});
