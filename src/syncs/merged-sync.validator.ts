import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FieldError } from '../common/errors/gateway.error';
import { JsonObject } from '../common/json/json-value';
import { validationErrorsToFieldErrors } from '../common/validation/validation-errors';
import { writableSyncDtoClassFor } from './dto/writable-sync.dto';

/**
 * Validates a complete merged sync record against the mirror of Squared's rules (`WritableSyncDto`),
 * returning field errors prefixed with `sync.` (empty when valid). The record is not modified.
 */
export function validateMergedSync(record: JsonObject): FieldError[] {
  const instance = plainToInstance(writableSyncDtoClassFor(record.configuration), record);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
  });
  return validationErrorsToFieldErrors(errors, 'sync');
}
