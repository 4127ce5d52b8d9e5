import { AdminRoles, CurrentSession } from '@landing/api/feature-admin-auth';
import { UuidParamPipe } from '@landing/api/util-http';
import { type AdminSessionRecord } from '@landing/server/persistence-admin';
import {
  type AvailabilityResponse,
  type BusinessCalendarResponse,
  type DeskAlertView,
  type DeskLeadView,
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
  Req,
} from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
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
  ): Promise<{ onDuty: boolean; changedAt: string | null }> {
    return this.desk.availability(session);
  }

  @Put('me/availability')
  @AdminRoles('admin', 'reviewer')
  setAvailability(
    @Body() body: AvailabilityDto,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<AvailabilityResponse> {
    return this.desk.setAvailability(body.onDuty, { session, request });
  }

  @Get('queue')
  @AdminRoles('admin', 'reviewer')
  queue(@CurrentSession() session: AdminSessionRecord): Promise<QueueResponse> {
    return this.desk.queue(session);
  }

  @Post('leads/:id/calls')
  @AdminRoles('admin', 'reviewer')
  logCall(
    @Param('id', uuid) id: string,
    @Body() body: LogCallDto,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<LogCallResponse> {
    return this.desk.logCall(id, body, { session, request });
  }

  @Post('leads/:id/claim')
  @HttpCode(200)
  @AdminRoles('admin', 'reviewer')
  claim(
    @Param('id', uuid) id: string,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<DeskLeadView> {
    return this.desk.claim(id, { session, request });
  }

  /** Admin only (no @AdminRoles: the guard's default). */
  @Post('leads/:id/assign')
  @HttpCode(200)
  assign(
    @Param('id', uuid) id: string,
    @Body() body: AssignLeadDto,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<DeskLeadView> {
    return this.desk.assign(id, body.ownerId, { session, request });
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
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<BusinessCalendarResponse> {
    return this.desk.saveCalendar(body, { session, request });
  }

  @Get('desk/alerts')
  alerts(): Promise<DeskAlertView[]> {
    return this.desk.alerts();
  }
}
