import { AdminRoles, CurrentSession } from '@landing/api/feature-admin-auth';
import { type AdminSessionRecord } from '@landing/server/persistence-admin';
import {
  type BulkLeadStatusResponse,
  type EraseLeadResponse,
  type LeadDetailResponse,
  type LeadListResponse,
  type LeadNoteView,
  type LeadSummary,
  type LeadTimelineResponse,
} from '@landing/shared/contracts-admin';
import { type AuditEvent } from '@landing/shared/contracts-audit';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import {
  AddLeadNoteDto,
  BulkLeadStatusDto,
  ChangeLeadStatusDto,
  LeadListQueryDto,
} from './admin-leads.dto';
import { LeadReviewService } from './lead-review.service';
import { LeadTimelineService } from './lead-timeline.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@Controller('admin/leads')
export class AdminLeadsController {
  constructor(
    private readonly review: LeadReviewService,
    private readonly timelines: LeadTimelineService,
  ) {}

  @Get()
  @AdminRoles('admin', 'reviewer')
  list(@Query() query: LeadListQueryDto): Promise<LeadListResponse> {
    return this.review.list(query);
  }

  @Get('export')
  @AdminRoles('admin', 'reviewer')
  export(
    @Query() query: LeadListQueryDto,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): StreamableFile {
    const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
    return new StreamableFile(this.review.export(query, { session, request }), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="leads-${stamp}.csv"`,
    });
  }

  @Post('bulk-status')
  @HttpCode(200)
  @AdminRoles('admin', 'reviewer')
  bulkStatus(
    @Body() body: BulkLeadStatusDto,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<BulkLeadStatusResponse> {
    return this.review.bulkStatus(body.ids, body.status, { session, request });
  }

  @Get(':id')
  @AdminRoles('admin', 'reviewer')
  detail(@Param('id', uuid) id: string): Promise<LeadDetailResponse> {
    return this.review.detail(id);
  }

  @Get(':id/timeline')
  @AdminRoles('admin', 'reviewer')
  timeline(@Param('id', uuid) id: string): Promise<LeadTimelineResponse> {
    return this.timelines.timeline(id);
  }

  @Get(':id/audit')
  @AdminRoles('admin', 'reviewer')
  audit(
    @Param('id', uuid) id: string,
    @Query('cursor') cursor: string | undefined,
  ): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
    return this.review.auditPage(id, typeof cursor === 'string' ? cursor : '');
  }

  @Patch(':id/status')
  @AdminRoles('admin', 'reviewer')
  changeStatus(
    @Param('id', uuid) id: string,
    @Body() body: ChangeLeadStatusDto,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<LeadSummary> {
    return this.review.changeStatus(id, body.status, { session, request });
  }

  @Post(':id/notes')
  @AdminRoles('admin', 'reviewer')
  addNote(
    @Param('id', uuid) id: string,
    @Body() body: AddLeadNoteDto,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<LeadNoteView> {
    return this.review.addNote(id, body.text, { session, request });
  }

  /** Erasure is for the `admin` role only (no @AdminRoles: the guard's default). */
  @Delete(':id')
  async erase(
    @Param('id', uuid) id: string,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<EraseLeadResponse> {
    await this.review.erase(id, { session, request });
    return { erased: true };
  }
}
