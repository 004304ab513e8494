import type { SecurityRequirementObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * `security: []` on an operation: no key needed. Said explicitly so that a reader (or a linter) can
 * tell a public route from one whose security was forgotten.
 */
export const PUBLIC: SecurityRequirementObject[] = [];
