import {
  RequestValidationError,
  createValidationPipe,
} from '@landing/api/util-http';
import { normalizePhone } from '@landing/shared/domain-phone';
import fc from 'fast-check';
import { LegacySubmitDto, SubmitLeadDto } from './submit-lead.dto';

const pipe = createValidationPipe();
const validate = (
  body: unknown,
  metatype: typeof SubmitLeadDto | typeof LegacySubmitDto = SubmitLeadDto,
) => pipe.transform(body, { type: 'body', metatype });

const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 64 }),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ maxLength: 5000 }),
  fc.constantFrom(
    "0912'; DROP TABLE leads; --",
    '<script>alert(1)</script>',
    '{{constructor.constructor("return process")()}}',
    '\u0000\u0001\u001b[31m',
    '۰۹۱۲۱۲۳۴۵۶۷\u202e',
    '😀😀😀',
    '__proto__',
  ),
);

const anyJsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileText,
  fc.constant(undefined),
);

const fieldNames = [
  'phone',
  'name',
  'email',
  'consent',
  'consentVersion',
  'submissionId',
  'utm_source',
  'referrer',
  'landingPath',
  'website',
  'elapsedMs',
  'extra',
  'constructor',
];

const hostileBody = fc.oneof(
  fc.dictionary(fc.constantFrom(...fieldNames), anyJsonValue, { maxKeys: 8 }),
  fc.record({ phone: hostileText }, { requiredKeys: ['phone'] }),
  fc.jsonValue({ maxDepth: 4 }),
);

/** What the pipe made of a body: the two allowed answers, or a description of anything else. */
async function verdict(body: unknown): Promise<string> {
  try {
    const dto = (await validate(body)) as SubmitLeadDto;
    return typeof dto.phone === 'string'
      ? 'accepted'
      : `accepted with a ${typeof dto.phone} phone`;
  } catch (error) {
    if (!(error instanceof RequestValidationError))
      return `failed with ${String(error)}`;
    const fields = error.fields ?? [];
    return fields.length > 0 &&
      fields.every((field) => typeof field.message === 'string')
      ? 'refused'
      : 'refused without field-level messages';
  }
}

describe('intake DTO under random and hostile bodies', () => {
  it('either accepts a body or rejects it with the field-level validation error, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBody, async (body) => {
        expect(['accepted', 'refused']).toContain(await verdict(body));
      }),
      { numRuns: 1500 },
    );
  });

  it('never rejects a phone the shared normaliser accepts, so the browser and the server agree', async () => {
    const digits = ['0123456789', '۰۱۲۳۴۵۶۷۸۹', '٠١٢٣٤٥٦٧٨٩'];
    const mobile = fc
      .tuple(
        fc.constantFrom('912', '935', '901', '990', '919'),
        fc.array(fc.integer({ min: 0, max: 9 }), {
          minLength: 7,
          maxLength: 7,
        }),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom('0', '+98 ', '0098-', '98'),
        fc.constantFrom('', ' ', '-'),
      )
      .map(([prefix, rest, script, lead, sep]) => {
        const raw = `${prefix}${sep}${rest.slice(0, 3).join('')}${sep}${rest.slice(3).join('')}`;
        const table = digits[script] as string;
        return `${lead}${raw}`.replace(
          /\d/g,
          (d) => table[Number(d)] as string,
        );
      });
    await fc.assert(
      fc.asyncProperty(fc.oneof(mobile, hostileText), async (phone) => {
        if (!normalizePhone(phone).ok) return;
        await expect(validate({ phone })).resolves.toBeInstanceOf(
          SubmitLeadDto,
        );
        await expect(
          validate({ phone }, LegacySubmitDto),
        ).resolves.toBeInstanceOf(LegacySubmitDto);
      }),
      { numRuns: 1500 },
    );
  });

  it('trims optional text and treats an empty string as not given', async () => {
    const dto = (await validate({
      phone: '09121234567',
      name: '  Sara  ',
      email: ' ',
      utm_source: '',
    })) as SubmitLeadDto;
    expect(dto.name).toBe('Sara');
    expect(dto.email).toBeUndefined();
    expect(dto.utm_source).toBeUndefined();
  });
});
