import {
  type AdminActor,
  AdminRoles,
  CurrentActor,
} from '@landing/api/feature-admin-auth';
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
  Patch,
  Post,
} from '@nestjs/common';
import { UuidParamPipe } from '@landing/api/util-http';
import { CreateSavedViewDto, UpdateSavedViewDto } from './saved-view.dto';
import { SavedViewsService } from './saved-views.service';

const uuid = new UuidParamPipe();

/** Saved lead-list views under `/api/admin/views`, for every staff role. */
@Controller('admin/views')
@AdminRoles('admin', 'reviewer')
export class SavedViewsController {
  constructor(private readonly views: SavedViewsService) {}

  @Get()
  mine(@CurrentActor() actor: AdminActor): Promise<SavedViewListResponse> {
    return this.views.mine(actor);
  }

  @Post()
  @HttpCode(201)
  create(
    @Body() body: CreateSavedViewDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<SavedView> {
    return this.views.create(body.name, body.filter, actor);
  }

  @Get(':id')
  open(
    @Param('id', uuid) id: string,
    @CurrentActor() actor: AdminActor,
  ): Promise<SavedView> {
    return this.views.open(id, actor);
  }

  @Patch(':id')
  update(
    @Param('id', uuid) id: string,
    @Body() body: UpdateSavedViewDto,
    @CurrentActor() actor: AdminActor,
  ): Promise<SavedView> {
    return this.views.update(id, body, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @Param('id', uuid) id: string,
    @CurrentActor() actor: AdminActor,
  ): Promise<void> {
    await this.views.delete(id, actor);
  }
}
