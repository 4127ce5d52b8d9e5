import type { FieldError } from '@landing/shared/contracts-lead';
import type { PhoneRules } from './phone-rules.loader';

export type FormField = 'phone' | 'name' | 'email' | 'consent';
export const FORM_FIELDS: readonly FormField[] = [
  'phone',
  'name',
  'email',
  'consent',
];

export type FieldProblem = 'REQUIRED' | 'INVALID' | 'TOO_LONG' | 'SERVER';

export interface FormValues {
  phone: string;
  name: string;
  email: string;
  consent: boolean;
}

export type FormErrors = Partial<Record<FormField, FieldProblem>>;

// Deliberately looser than the server's check: the server has the last word, and a
// client rule stricter than the server's would lose real leads.
const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * One field's problem, or null. `rules` is null while the phone lib is still loading
 * (or failed to load); then any non-empty number passes and the server decides.
 */
export function validateField(
  field: FormField,
  values: FormValues,
  rules: PhoneRules | null,
): FieldProblem | null {
  switch (field) {
    case 'phone': {
      if (values.phone.trim() === '') return 'REQUIRED';
      return rules && !rules.isValidPhone(values.phone) ? 'INVALID' : null;
    }
    case 'name':
      return null;
    case 'email': {
      const email = values.email.trim();
      return email !== '' && !LOOKS_LIKE_EMAIL.test(email) ? 'INVALID' : null;
    }
    case 'consent':
      return values.consent ? null : 'REQUIRED';
  }
}

export function validateForm(
  values: FormValues,
  rules: PhoneRules | null,
): FormErrors {
  const errors: FormErrors = {};
  for (const field of FORM_FIELDS) {
    const problem = validateField(field, values, rules);
    if (problem) errors[field] = problem;
  }
  return errors;
}

/** Maps the api's field errors onto the form; anything else is reported as `other`. */
export function fromServerErrors(fields: readonly FieldError[]): {
  errors: FormErrors;
  other: boolean;
} {
  const errors: FormErrors = {};
  let other = false;
  for (const error of fields) {
    const field = FORM_FIELDS.find((candidate) => candidate === error.field);
    if (!field) {
      other = true;
      continue;
    }
    errors[field] ??= serverProblem(error);
  }
  return { errors, other: other || fields.length === 0 };
}

function serverProblem(error: FieldError): FieldProblem {
  switch (error.code) {
    case 'REQUIRED':
      return 'REQUIRED';
    case 'INVALID_PHONE':
    case 'INVALID_EMAIL':
      return 'INVALID';
    case 'TOO_LONG':
      return 'TOO_LONG';
    case 'INVALID_TYPE':
    case 'INVALID_UUID':
    case 'UNKNOWN_FIELD':
    case 'INVALID_VALUE':
    case 'INVALID_CHARACTERS':
      return 'SERVER';
  }
}

/** The message shown under a field, in the page's language. */
export function problemMessage(
  field: FormField,
  problem: FieldProblem,
): string {
  switch (problem) {
    case 'REQUIRED':
      return field === 'consent'
        ? $localize`:@@error.consent.required:Please agree so that we may call you.`
        : $localize`:@@error.phone.required:Enter your mobile number.`;
    case 'INVALID':
      return field === 'email'
        ? $localize`:@@error.email.invalid:Enter an email address like name@example.com, or leave it empty.`
        : $localize`:@@error.phone.invalid:This does not look like a phone number. Example: 0912 345 6789.`;
    case 'TOO_LONG':
      return $localize`:@@error.tooLong:This is too long.`;
    case 'SERVER':
      return $localize`:@@error.server:Please check this field.`;
  }
}
