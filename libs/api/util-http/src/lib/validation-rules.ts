import {
  getMetadataStorage,
  type ValidationArguments,
  type ValidatorConstraintInterface,
  type ValidatorOptions,
  ValidationTypes,
} from 'class-validator';

type Rule = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];

/** A class, as class-validator keys its rules (`object.constructor`). */
export type RuleTarget = object['constructor'];

interface Check {
  rule: Rule;
  validators: ValidatorConstraintInterface[];
}

interface PropertyRules {
  name: string;
  /** `@IsOptional()` and `@ValidateIf()`: the property is checked only when all hold. */
  conditions: Array<(object: object, value: unknown) => boolean>;
  checks: Check[];
}

/**
 * One class's class-validator rules, taken from class-validator's own metadata and its own
 * constraint instances, arranged once so that a valid object is confirmed without the error
 * objects, argument objects and rule lookups class-validator builds for every property of
 * every object it validates. It only ever says "valid" when class-validator would find
 * nothing: any failing check, and any rule of a kind it does not handle, answers false, and
 * the caller then runs class-validator itself, whose errors are the ones reported.
 */
export interface ValidRules {
  /** True when the object certainly passes; false means "ask class-validator". */
  passes(object: object): boolean;
}

const HANDLED = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.IS_DEFINED,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.WHITELIST,
]);

/**
 * The rules of `target` for validation with `options`, or undefined when they cannot be
 * checked here (groups, nested or promise validation, `each`, async constraints, options
 * that skip properties, a class without rules); such classes always go to class-validator.
 */
export function compileValidRules(
  target: RuleTarget,
  options: ValidatorOptions,
): ValidRules | undefined {
  if (
    (options.groups && options.groups.length > 0) ||
    options.skipMissingProperties ||
    options.skipNullProperties ||
    options.skipUndefinedProperties ||
    // Whitelisting without refusing strips unknown properties: only class-validator does that.
    (options.whitelist && !options.forbidNonWhitelisted)
  )
    return undefined;
  const storage = getMetadataStorage();
  const rules = storage.getTargetValidationMetadatas(
    target,
    '',
    options.always ?? false,
    options.strictGroups ?? false,
    undefined,
  );
  if (rules.length === 0) return undefined;
  const properties = new Map<string, PropertyRules>();
  for (const rule of rules) {
    if (!HANDLED.has(rule.type) || rule.each) return undefined;
    let property = properties.get(rule.propertyName);
    if (!property) {
      property = { name: rule.propertyName, conditions: [], checks: [] };
      properties.set(rule.propertyName, property);
    }
    if (rule.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      property.conditions.push(
        rule.constraints[0] as PropertyRules['conditions'][number],
      );
    } else if (rule.type !== ValidationTypes.WHITELIST) {
      const constraints = storage.getTargetValidatorConstraints(
        rule.constraintCls,
      );
      if (constraints.some((constraint) => constraint.async)) return undefined;
      property.checks.push({
        rule,
        validators: constraints.map((constraint) => constraint.instance),
      });
    }
  }
  const list = [...properties.values()];
  const whitelist = options.whitelist === true;
  return {
    passes(object) {
      if (whitelist) {
        for (const key of Object.keys(object))
          if (!properties.has(key)) return false;
      }
      const values = object as Record<string, unknown>;
      for (const property of list) {
        const value = values[property.name];
        if (!property.conditions.every((holds) => holds(object, value)))
          continue;
        for (const { rule, validators } of property.checks) {
          if (rule.validateIf && !rule.validateIf(object, value)) continue;
          const args: ValidationArguments = {
            targetName:
              (object.constructor as RuleTarget | undefined)?.name ?? '',
            property: property.name,
            object,
            value,
            constraints: rule.constraints,
          };
          for (const validator of validators) {
            // A promise (an async rule not declared async) is not a yes.
            if (validator.validate(value, args) !== true) return false;
          }
        }
      }
      return true;
    },
  };
}
