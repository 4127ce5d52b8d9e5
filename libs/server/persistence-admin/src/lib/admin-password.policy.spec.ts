import { adminPasswordProblem } from './admin-password.policy';

const email = 'sara.tehrani@example.com';

describe('adminPasswordProblem (the rule admin-create applies)', () => {
  it.each([
    'correct horse battery staple',
    'Gx7!tQ2#vLp9wRz',
    'کلمه‌عبور-من-بلند-است',
  ])('accepts %s', (password) => {
    expect(adminPasswordProblem(password, email)).toBeUndefined();
  });

  it.each(['short1!A', 'x'.repeat(257)])(
    'refuses a password outside 12 to 256 characters',
    (password) => {
      expect(adminPasswordProblem(password, email)).toMatch(/12 to 256/);
    },
  );

  it.each([
    'qwertyuiop1234',
    '1q2w3e4r5t6y',
    'Qazwsxedcrfv',
    'password1234',
    'Password2024!',
    '!!iloveyou!!2024',
    'Dragon12345678',
  ])(
    'refuses %s: a common password, or one padded with digits or symbols',
    (password) => {
      expect(adminPasswordProblem(password, email)).toMatch(/most common/);
    },
  );

  it.each(['sara.tehrani@example.com!', 'my-SARA.TEHRANI-secret'])(
    'refuses %s: it contains the email or its name part',
    (password) => {
      expect(adminPasswordProblem(password, email)).toMatch(/email/);
    },
  );

  it('does not treat a very short name part as a match', () => {
    expect(
      adminPasswordProblem('Gx7!tQ2#vLp9wRzbo', 'bo@example.com'),
    ).toBeUndefined();
  });
});
