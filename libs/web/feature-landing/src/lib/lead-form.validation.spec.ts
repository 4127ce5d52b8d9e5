import {
  fromServerErrors,
  problemMessage,
  validateField,
  validateForm,
  type FormValues,
} from './lead-form.validation';
import { loadPhoneRules, type PhoneRules } from './phone-rules.loader';

// The very rules the browser loads lazily: the shared lib the api validates with.
let rules: PhoneRules;
beforeAll(async () => {
  const loaded = await loadPhoneRules();
  if (!loaded) throw new Error('the phone rules did not load');
  rules = loaded;
});
const valid: FormValues = {
  phone: '0912 123 4567',
  name: '',
  email: '',
  consent: true,
};

describe('lead form validation', () => {
  it.each([
    '09121234567',
    '0912 123 4567',
    '0912-123-4567',
    '+98 912 123 4567',
    '۰۹۱۲۱۲۳۴۵۶۷',
    '٠٩١٢ ١٢٣ ٤٥٦٧',
    '00989121234567',
    '+44 20 7946 0958',
  ])('accepts %j, as the server does (same phone lib)', (phone) => {
    expect(validateField('phone', { ...valid, phone }, rules)).toBeNull();
  });

  it.each([
    ['', 'REQUIRED'],
    ['   ', 'REQUIRED'],
    ['0912', 'INVALID'],
    ['hello', 'INVALID'],
    ['123456', 'INVALID'],
  ] as const)('rejects %j as %s', (phone, problem) => {
    expect(validateField('phone', { ...valid, phone }, rules)).toBe(problem);
  });

  it('lets any non-empty number through while the phone rules are not loaded: the server decides', () => {
    expect(
      validateField('phone', { ...valid, phone: '0912' }, null),
    ).toBeNull();
    expect(validateField('phone', { ...valid, phone: '' }, null)).toBe(
      'REQUIRED',
    );
  });

  it('treats name and email as optional and checks an email only loosely', () => {
    expect(validateForm({ ...valid, name: '', email: '' }, rules)).toEqual({});
    expect(
      validateField('email', { ...valid, email: 'sara@example.ir' }, rules),
    ).toBeNull();
    expect(
      validateField('email', { ...valid, email: 'sara at example' }, rules),
    ).toBe('INVALID');
  });

  it('requires consent', () => {
    expect(validateForm({ ...valid, consent: false }, rules)).toEqual({
      consent: 'REQUIRED',
    });
  });

  it('reports every problem of the form at once', () => {
    expect(
      validateForm({ phone: '', name: '', email: 'x', consent: false }, rules),
    ).toEqual({
      phone: 'REQUIRED',
      email: 'INVALID',
      consent: 'REQUIRED',
    });
  });

  it('maps the api field errors onto the fields the visitor can fix', () => {
    expect(
      fromServerErrors([
        { field: 'phone', code: 'INVALID_PHONE', message: '' },
        { field: 'email', code: 'INVALID_EMAIL', message: '' },
      ]),
    ).toEqual({ errors: { phone: 'INVALID', email: 'INVALID' }, other: false });
    expect(
      fromServerErrors([
        { field: 'submissionId', code: 'INVALID_UUID', message: '' },
      ]),
    ).toEqual({ errors: {}, other: true });
    expect(fromServerErrors([])).toEqual({ errors: {}, other: true });
  });

  it('says what is wrong and how to fix it', () => {
    expect(problemMessage('phone', 'REQUIRED')).toBe(
      'Enter your mobile number.',
    );
    expect(problemMessage('phone', 'INVALID')).toBe(
      'This does not look like a phone number. Example: 0912 345 6789.',
    );
    expect(problemMessage('email', 'INVALID')).toBe(
      'Enter an email address like name@example.com, or leave it empty.',
    );
    expect(problemMessage('consent', 'REQUIRED')).toBe(
      'Please agree so that we may call you.',
    );
  });
});
