import {
  type FieldError,
  type FieldErrorCode,
} from '@landing/shared/contracts-lead';
import {
  ValidationPipe,
  type ValidationError,
  type ValidationPipeOptions,
} from '@nestjs/common';
import { type ValidatorOptions } from 'class-validator';
import { RequestValidationError } from './domain.error';
import {
  compileValidRules,
  type RuleTarget,
  type ValidRules,
} from './validation-rules';

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

/**
 * Nest's ValidationPipe, class-transformer and class-validator as they are, except that an
 * object that certainly passes its class's rules (checked with class-validator's own rules
 * and constraints, see {@link compileValidRules}) is not handed to class-validator, which
 * would build an error object for each of its properties only to drop them. Anything else
 * is validated by class-validator, so every refusal and its errors are class-validator's.
 */
class RuleCheckedValidationPipe extends ValidationPipe {
  private readonly rules = new Map<RuleTarget, ValidRules | undefined>();

  protected override validate(
    object: object,
    options?: ValidatorOptions,
  ): Promise<ValidationError[]> | ValidationError[] {
    if (options && this.rulesFor(object.constructor, options)?.passes(object))
      return [];
    return super.validate(object, options);
  }

  private rulesFor(
    target: RuleTarget,
    options: ValidatorOptions,
  ): ValidRules | undefined {
    if (!this.rules.has(target))
      this.rules.set(target, compileValidRules(target, options));
    return this.rules.get(target);
  }
}

/** Unknown fields are rejected, nothing is coerced implicitly. */
export function validationPipeOptions(): ValidationPipeOptions {
  return {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new RequestValidationError(toFieldErrors(errors)),
  };
}

/** The one validation pipe, with {@link validationPipeOptions}. */
export function createValidationPipe(): ValidationPipe {
  return new RuleCheckedValidationPipe(validationPipeOptions());
}
