import {
  compileValidRules,
  createValidationPipe,
  validationPipeOptions,
} from '@landing/api/util-http';
import { ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import fc from 'fast-check';
import { LegacySubmitDto, SubmitLeadDto } from './submit-lead.dto';

type Dto = typeof SubmitLeadDto | typeof LegacySubmitDto;

const ours = createValidationPipe();
const nests = new ValidationPipe(validationPipeOptions());

/** What a pipe answered: the DTO it made, or the errors it refused with. */
async function answer(pipe: ValidationPipe, body: unknown, metatype: Dto) {
  try {
    const dto: unknown = await pipe.transform(structuredClone(body), {
      type: 'body',
      metatype,
    });
    return { dto: { ...(dto as object) }, type: (dto as object).constructor };
  } catch (error) {
    return { error };
  }
}

const uuid = fc.uuid();
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ minLength: 190, maxLength: 600 }),
  fc.constantFrom('', '  ', 'a\u0000b', 'line\nbreak', '\u202eRTL'),
);
const value = fc.oneof(
  text,
  fc.integer({ min: -5, max: 50_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string(), { maxKeys: 2 }),
);

/** A valid value most of the time, anything now and then. */
const mostly = <T>(...valid: fc.Arbitrary<T>[]) =>
  fc.oneof(
    { arbitrary: fc.oneof(...valid), weight: 12 },
    { arbitrary: value, weight: 1 },
  );

/** Mostly valid bodies with a field or two bent, so that both paths are taken often. */
const body = fc.record(
  {
    phone: mostly(
      fc.constant('09121234567'),
      fc.constant('+98 912 123 4567'),
      fc.string({ maxLength: 40 }),
    ),
    name: mostly(fc.constant('Sara'), fc.string({ maxLength: 20 })),
    email: mostly(
      fc.constant('sara@example.com'),
      fc.constant(' x@y.ir '),
      fc.emailAddress(),
    ),
    consent: mostly(fc.boolean()),
    consentVersion: mostly(fc.constant('2024-01')),
    submissionId: mostly(
      uuid,
      uuid.map((id) => id.toUpperCase()),
    ),
    utm_source: mostly(fc.constant('google'), text),
    utm_campaign: mostly(text),
    referrer: mostly(fc.constant('https://example.com/a?b=c')),
    landingPath: mostly(fc.constant('/fa/'), text),
    website: mostly(fc.constant(''), fc.constant('http://spam.example')),
    elapsedMs: mostly(fc.nat(60_000)),
  },
  { requiredKeys: [] },
);

/** Now and then a field no DTO has. */
const withStray = (bodies: fc.Arbitrary<Record<string, unknown>>) =>
  fc
    .tuple(bodies, fc.nat(9), value)
    .map(([sent, roll, stray]) => (roll === 0 ? { ...sent, stray } : sent));

const legacyBody = fc.record(
  {
    phone: mostly(fc.constant('09121234567'), fc.string({ maxLength: 40 })),
    website: mostly(fc.constant('')),
    elapsedMs: mostly(fc.nat(60_000)),
  },
  { requiredKeys: [] },
);

describe('intake DTO validation, with valid bodies checked before class-validator', () => {
  it.each([
    ['SubmitLeadDto', SubmitLeadDto, withStray(body)],
    ['LegacySubmitDto', LegacySubmitDto, withStray(legacyBody)],
  ] as const)(
    'answers every body exactly as Nest’s ValidationPipe with class-validator does (%s)',
    async (_name, metatype, bodies) => {
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(bodies, async (sent) => {
          const expected = await answer(nests, sent, metatype);
          expect(await answer(ours, sent, metatype)).toEqual(expected);
          if ('dto' in expected) accepted++;
        }),
        { numRuns: 3000 },
      );
      // Both paths were taken: bodies that pass and bodies that are refused.
      expect(accepted).toBeGreaterThan(300);
      expect(accepted).toBeLessThan(2700);
    },
  );

  it('confirms a valid form body without class-validator, and leaves any doubt to it', () => {
    const rules = compileValidRules(SubmitLeadDto, validationPipeOptions());
    const dto = (sent: object) => plainToInstance(SubmitLeadDto, sent);
    expect(rules).toBeDefined();
    expect(
      rules?.passes(
        dto({
          phone: '09121234567',
          name: 'Sara',
          email: 'sara@example.com',
          consent: true,
          submissionId: '6f1c1c2e-8a7d-4d55-9a57-2b8b1f3c9d10',
          elapsedMs: 4000,
        }),
      ),
    ).toBe(true);
    expect(rules?.passes(dto({ phone: '0912', extra: 1 }))).toBe(false);
    expect(rules?.passes(dto({ phone: 9121234567 }))).toBe(false);
    expect(rules?.passes(dto({ name: 'no phone' }))).toBe(false);
    expect(rules?.passes(dto({ phone: '0912', email: 'not-an-email' }))).toBe(
      false,
    );
  });
});
