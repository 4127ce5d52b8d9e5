import {
  clearedSessionCookie,
  sessionCookie,
  sessionTokenFrom,
} from './admin-cookie';

describe('admin session cookie', () => {
  it('finds the session token among other cookies', () => {
    expect(
      sessionTokenFrom('theme=dark; lp_admin_session=abc_DEF-123; lang=fa'),
    ).toBe('abc_DEF-123');
  });

  it('ignores a missing, empty or malformed token instead of passing it on', () => {
    expect(sessionTokenFrom(undefined)).toBeUndefined();
    expect(sessionTokenFrom('lp_admin_session=')).toBeUndefined();
    expect(sessionTokenFrom("lp_admin_session=' OR 1=1")).toBeUndefined();
    expect(sessionTokenFrom('xlp_admin_session=abc')).toBeUndefined();
  });

  it('is HttpOnly and SameSite=Strict always, Secure when asked', () => {
    const cookie = sessionCookie('tok', new Date('2030-01-01T00:00:00Z'), true);
    expect(cookie).toBe(
      'lp_admin_session=tok; Path=/api/admin; Expires=Tue, 01 Jan 2030 00:00:00 GMT; HttpOnly; SameSite=Strict; Secure',
    );
    expect(sessionCookie('tok', new Date(), false)).not.toMatch(/Secure/);
    expect(clearedSessionCookie(false)).toMatch(
      /^lp_admin_session=; Path=\/api\/admin; Expires=Thu, 01 Jan 1970/,
    );
  });
});
