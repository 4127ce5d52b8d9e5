import {
  type AssignLeadRequest,
  type AvailabilityRequest,
  CALL_NOTE_MAX_LENGTH,
  CALL_OUTCOMES,
  type CallOutcome,
  type LogCallRequest,
} from '@landing/shared/contracts-desk';
import {
  type BusinessCalendarSettings,
  MAX_HOLIDAYS,
  type Weekday,
  type WorkingHours,
} from '@landing/shared/domain-business-calendar';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class AvailabilityDto implements AvailabilityRequest {
  @IsBoolean() onDuty!: boolean;
}

export class LogCallDto implements LogCallRequest {
  @IsIn(CALL_OUTCOMES) outcome!: CallOutcome;
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @MaxLength(40)
  callbackAt?: string;
  @IsOptional() @IsString() @MaxLength(CALL_NOTE_MAX_LENGTH) note?: string;
}

export class AssignLeadDto implements AssignLeadRequest {
  @IsUUID('all') ownerId!: string;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export class WorkingHoursDto implements WorkingHours {
  @IsString() @Matches(TIME, { message: 'open must be HH:MM' }) open!: string;
  @IsString() @Matches(TIME, { message: 'close must be HH:MM' }) close!: string;
}

/** Each weekday: `{ open, close }`, or null when closed; every day must be given. */
const day = () => (target: object, key: string) => {
  ValidateIf((_: unknown, value: unknown) => value !== null)(target, key);
  IsDefined()(target, key);
  ValidateNested()(target, key);
  Type(() => WorkingHoursDto)(target, key);
};

export class WeekDto implements Record<Weekday, WorkingHours | null> {
  @day() sunday!: WorkingHoursDto | null;
  @day() monday!: WorkingHoursDto | null;
  @day() tuesday!: WorkingHoursDto | null;
  @day() wednesday!: WorkingHoursDto | null;
  @day() thursday!: WorkingHoursDto | null;
  @day() friday!: WorkingHoursDto | null;
  @day() saturday!: WorkingHoursDto | null;
}

/** Shapes only; the rules across fields (a known zone, closing after opening) are the calendar's own. */
export class BusinessCalendarDto implements BusinessCalendarSettings {
  @IsString() @MaxLength(64) timeZone!: string;
  @IsDefined() @ValidateNested() @Type(() => WeekDto) week!: WeekDto;
  @IsArray()
  @ArrayMaxSize(MAX_HOLIDAYS)
  @IsString({ each: true })
  @MaxLength(10, { each: true })
  holidays!: string[];
}
