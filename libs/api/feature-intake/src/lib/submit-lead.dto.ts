import {
  LEAD_FIELD_LIMITS as LIMITS,
  type LegacySubmitRequest,
  type SubmitLeadRequest,
} from '@landing/shared/contracts-lead';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';

const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;

/** Trims strings and turns empty ones into "not given", so `"name": ""` is no name. */
const trimmed = Transform(({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const trimmedValue = value.trim();
  return trimmedValue === '' ? undefined : trimmedValue;
});

const optionalText = (max: number) => [
  IsOptional(),
  IsString(),
  MaxLength(max),
  Matches(NO_CONTROL_CHARACTERS, {
    message: 'must not contain control characters',
  }),
  trimmed,
];

/** JSON null is "not given": a null honeypot or timing is not a bot's signature. */
const nullIsAbsent = Transform(({ value }: { value: unknown }) =>
  value === null ? undefined : value,
);

/** The bot checks' inputs, on every intake route. */
class BotSignals {
  /** Honeypot: hidden from people, filled in by form-filling bots. */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.honeypot)
  @nullIsAbsent
  website?: string;

  /** Milliseconds between page load and submit, as the page measured them. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @nullIsAbsent
  elapsedMs?: number;
}

function apply(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) =>
    decorators.reverse().forEach((decorator) => decorator(target, key));
}

export class SubmitLeadDto extends BotSignals implements SubmitLeadRequest {
  @IsDefined({ message: 'phone is required' })
  @IsString()
  @MaxLength(LIMITS.phone)
  phone!: string;

  @apply(...optionalText(LIMITS.name))
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.email)
  @IsEmail({}, { message: 'email must be an email address' })
  @trimmed
  email?: string;

  @IsOptional()
  @IsBoolean()
  consent?: boolean;

  @apply(...optionalText(LIMITS.consentVersion))
  consentVersion?: string;

  @IsOptional()
  @IsUUID('all', { message: 'submissionId must be a UUID' })
  submissionId?: string;

  @apply(...optionalText(LIMITS.utm))
  utm_source?: string;

  @apply(...optionalText(LIMITS.utm))
  utm_medium?: string;

  @apply(...optionalText(LIMITS.utm))
  utm_campaign?: string;

  @apply(...optionalText(LIMITS.utm))
  utm_term?: string;

  @apply(...optionalText(LIMITS.utm))
  utm_content?: string;

  @apply(...optionalText(LIMITS.referrer))
  referrer?: string;

  @apply(...optionalText(LIMITS.landingPath))
  landingPath?: string;
}

export class LegacySubmitDto extends BotSignals implements LegacySubmitRequest {
  @IsDefined({ message: 'phone is required' })
  @IsString()
  @MaxLength(LIMITS.phone)
  phone!: string;
}
