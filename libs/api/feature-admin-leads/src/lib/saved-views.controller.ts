import { AdminRoles, CurrentSession } from '@landing/api/feature-admin-auth';
import { type AdminSessionRecord } from '@landing/server/persistence-admin';
import {
  type SavedView,
  type SavedViewListResponse,
} from '@landing/shared/contracts-admin';
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
  Req,
} from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { CreateSavedViewDto, UpdateSavedViewDto } from './saved-view.dto';
import { SavedViewsService } from './saved-views.service';

const uuid = new ParseUUIDPipe({ version: undefined });

/** Saved lead-list views under `/api/admin/views`, for every staff role. */
@Controller('admin/views')
@AdminRoles('admin', 'reviewer')
export class SavedViewsController {
  constructor(private readonly views: SavedViewsService) {}

  @Get()
  mine(
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<SavedViewListResponse> {
    return this.views.mine({ session, request });
  }

  @Post()
  @HttpCode(201)
  create(
    @Body() body: CreateSavedViewDto,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<SavedView> {
    return this.views.create(body.name, body.filter, { session, request });
  }

  @Get(':id')
  open(
    @Param('id', uuid) id: string,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<SavedView> {
    return this.views.open(id, { session, request });
  }

  @Patch(':id')
  update(
    @Param('id', uuid) id: string,
    @Body() body: UpdateSavedViewDto,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<SavedView> {
    return this.views.update(id, body, { session, request });
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @Param('id', uuid) id: string,
    @CurrentSession() session: AdminSessionRecord,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.views.delete(id, { session, request });
  }
}
