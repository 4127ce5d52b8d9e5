import {
  type FieldError,
  type FieldErrorCode,
} from '@landing/shared/contracts-lead';
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { RequestValidationError } from './domain.error';

const CODE_BY_CONSTRAINT: Record<string, FieldErrorCode> = {
  whitelistValidation: 'UNKNOWN_FIELD',
  isDefined: 'REQUIRED',
  isNotEmpty: 'REQUIRED',
  isString: 'INVALID_TYPE',
  isBoolean: 'INVALID_TYPE',
  isInt: 'INVALID_TYPE',
  isObject: 'INVALID_TYPE',
  maxLength: 'TOO_LONG',
  isEmail: 'INVALID_EMAIL',
  isUuid: 'INVALID_UUID',
  isPhone: 'INVALID_PHONE',
};

/** Order in which a field's failed constraints are reported: the most basic problem first. */
const PRIORITY = Object.keys(CODE_BY_CONSTRAINT);

export function toFieldErrors(
  errors: ValidationError[],
  parent = '',
): FieldError[] {
  const fields: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = error.constraints ?? {};
    const names = Object.keys(constraints);
    const name =
      PRIORITY.find((candidate) => candidate in constraints) ?? names[0];
    if (name) {
      const code = CODE_BY_CONSTRAINT[name] ?? 'INVALID_VALUE';
      const message =
        code === 'UNKNOWN_FIELD'
          ? `${field} is not an accepted field`
          : (constraints[name] ?? '');
      fields.push({ field, code, message });
    }
    if (error.children?.length)
      fields.push(...toFieldErrors(error.children, field));
  }
  return fields;
}

/** The one validation pipe: unknown fields are rejected, nothing is coerced implicitly. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new RequestValidationError(toFieldErrors(errors)),
  });
}
