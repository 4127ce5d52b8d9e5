import {
  type AdminActor,
  AdminRoles,
  CurrentActor,
  CurrentSession,
} from '@landing/api/feature-admin-auth';
import { UuidParamPipe } from '@landing/api/util-http';
import { type AdminSessionRecord } from '@landing/server/persistence-admin';
import {
  type AvailabilityResponse,
  type AvailabilityStatus,
  type BusinessCalendarResponse,
  type DeskAlertView,
  type DeskLeadView,
  type LeadCallsResponse,
  type LogCallResponse,
  type QueueResponse,
  type StaffOnDutyResponse,
} from '@landing/shared/contracts-desk';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
} from '@nestjs/common';
import {
  AssignLeadDto,
  AvailabilityDto,
  BusinessCalendarDto,
  LogCallDto,
} from './desk.dto';
import { DeskService } from './desk.service';

const uuid = new UuidParamPipe();

/** The callback desk's routes under `/api/admin`: names are stable for external tools. */
@Controller('admin')
export class DeskController {
  constructor(private readonly desk: DeskService) {}

  @Get('me/availability')
  @AdminRoles('admin', 'reviewer')
  availability(
    @CurrentSession() session: AdminSessionRecord,
  ): Promise<AvailabilityStatus> {
    return this.desk.availability(session);
  }

  @Put('me/availability')
  @AdminRoles('admin', 'reviewer')
  setAvailability(
    @Body() body: AvailabilityDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<AvailabilityResponse> {
    return this.desk.setAvailability(body.onDuty, actor);
  }

  @Get('queue')
  @AdminRoles('admin', 'reviewer')
  queue(@CurrentSession() session: AdminSessionRecord): Promise<QueueResponse> {
    return this.desk.queue(session);
  }

  @Get('leads/:id/calls')
  @AdminRoles('admin', 'reviewer')
  calls(@Param('id', uuid) id: string): Promise<LeadCallsResponse> {
    return this.desk.calls(id);
  }

  @Post('leads/:id/calls')
  @AdminRoles('admin', 'reviewer')
  logCall(
    @Param('id', uuid) id: string,
    @Body() body: LogCallDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<LogCallResponse> {
    return this.desk.logCall(id, body, actor);
  }

  @Post('leads/:id/claim')
  @HttpCode(200)
  @AdminRoles('admin', 'reviewer')
  claim(
    @Param('id', uuid) id: string,
    @CurrentActor() actor: AdminActor,
  ): Promise<DeskLeadView> {
    return this.desk.claim(id, actor);
  }

  /** Admin only (no @AdminRoles: the guard's default). */
  @Post('leads/:id/assign')
  @HttpCode(200)
  assign(
    @Param('id', uuid) id: string,
    @Body() body: AssignLeadDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<DeskLeadView> {
    return this.desk.assign(id, body.ownerId, actor);
  }

  @Get('staff/on-duty')
  staff(): Promise<StaffOnDutyResponse> {
    return this.desk.staff();
  }

  @Get('settings/business-calendar')
  calendar(): Promise<BusinessCalendarResponse> {
    return this.desk.calendar();
  }

  @Put('settings/business-calendar')
  saveCalendar(
    @Body() body: BusinessCalendarDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<BusinessCalendarResponse> {
    return this.desk.saveCalendar(body, actor);
  }

  @Get('desk/alerts')
  alerts(): Promise<DeskAlertView[]> {
    return this.desk.alerts();
  }
}
