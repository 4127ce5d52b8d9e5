import { type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { RequestValidationError } from './domain.error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A route parameter that must be a UUID (any version). Refused with the field's name and
 * `INVALID_UUID`, as a body field would be; Nest's ParseUUIDPipe throws a bare 400 instead.
 */
export class UuidParamPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID.test(value)) return value;
    const field = metadata.data ?? 'id';
    throw new RequestValidationError([
      { field, code: 'INVALID_UUID', message: `${field} must be a UUID` },
    ]);
  }
}
