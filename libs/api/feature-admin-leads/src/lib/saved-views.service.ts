import { AuditQueueProducer } from '@landing/api/data-access-audit';
import {
  type AdminActor,
  adminAuditEnvelope,
} from '@landing/api/feature-admin-auth';
import { RequestValidationError } from '@landing/api/util-http';
import {
  type SavedViewRecord,
  SavedViewRepository,
} from '@landing/server/persistence-admin';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  SAVED_VIEW_FILTER_KEYS,
  SAVED_VIEW_LIMITS,
  type SavedView,
  type SavedViewFilter,
  type SavedViewListResponse,
} from '@landing/shared/contracts-admin';
import { Inject, Injectable } from '@nestjs/common';
import {
  SavedViewNameTakenError,
  SavedViewNotFoundError,
  SavedViewNotYoursError,
  TooManySavedViewsError,
} from './admin-leads.errors';
import { parseLeadFilter } from './lead-filter';

/** Only the filter's own keys with a value, in a fixed order. */
function storedFilter(filter: SavedViewFilter): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const key of SAVED_VIEW_FILTER_KEYS) {
    const value = filter[key];
    if (typeof value === 'string' && value.trim() !== '') kept[key] = value;
  }
  return kept;
}

/** Saved lead-list views: the owner manages them, every signed-in staff member may open one. */
@Injectable()
export class SavedViewsService {
  constructor(
    private readonly views: SavedViewRepository,
    private readonly audit: AuditQueueProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async mine(actor: AdminActor): Promise<SavedViewListResponse> {
    const views = await this.views.listOf(actor.id);
    return { items: views.map((view) => this.toView(view, actor)) };
  }

  async open(id: string, actor: AdminActor): Promise<SavedView> {
    const view = await this.views.find(id);
    if (!view) throw new SavedViewNotFoundError();
    return this.toView(view, actor);
  }

  async create(
    name: string,
    filter: SavedViewFilter,
    actor: AdminActor,
  ): Promise<SavedView> {
    const kept = this.checkedFilter(filter);
    const created = await this.views.create(
      actor.id,
      name.trim(),
      kept,
      SAVED_VIEW_LIMITS.perUser,
    );
    if (!created.ok)
      throw created.reason === 'name_taken'
        ? new SavedViewNameTakenError()
        : new TooManySavedViewsError(SAVED_VIEW_LIMITS.perUser);
    await this.recordSaved(created.view, true, actor);
    return this.toView(created.view, actor);
  }

  async update(
    id: string,
    change: { name?: string; filter?: SavedViewFilter },
    actor: AdminActor,
  ): Promise<SavedView> {
    if (change.name === undefined && change.filter === undefined)
      throw new RequestValidationError([
        {
          field: 'body',
          code: 'REQUIRED',
          message: 'Send a new name, a new filter or both.',
        },
      ]);
    const existing = await this.views.find(id);
    if (!existing) throw new SavedViewNotFoundError();
    if (existing.ownerId !== actor.id) throw new SavedViewNotYoursError();
    const updated = await this.views.update(id, actor.id, {
      name: change.name?.trim(),
      filter:
        change.filter === undefined
          ? undefined
          : this.checkedFilter(change.filter),
    });
    if (!updated.ok)
      throw updated.reason === 'name_taken'
        ? new SavedViewNameTakenError()
        : new SavedViewNotFoundError();
    await this.recordSaved(updated.view, false, actor);
    return this.toView(updated.view, actor);
  }

  async delete(id: string, actor: AdminActor): Promise<void> {
    const existing = await this.views.find(id);
    if (!existing) throw new SavedViewNotFoundError();
    if (existing.ownerId !== actor.id) throw new SavedViewNotYoursError();
    const gone = await this.views.delete(id, actor.id);
    if (!gone) throw new SavedViewNotFoundError();
    await this.audit.record({
      ...adminAuditEnvelope(actor, null),
      type: 'admin.view_deleted',
      payload: { viewId: gone.id, name: gone.name },
    });
  }

  /** A view keeps only a filter the list accepts, so opening it never fails later. */
  private checkedFilter(filter: SavedViewFilter): Record<string, string> {
    const kept = storedFilter(filter);
    parseLeadFilter(kept, this.config.PHONE_DEFAULT_REGION);
    return kept;
  }

  private async recordSaved(
    view: SavedViewRecord,
    created: boolean,
    actor: AdminActor,
  ): Promise<void> {
    await this.audit.record({
      ...adminAuditEnvelope(actor, null),
      type: 'admin.view_saved',
      payload: {
        viewId: view.id,
        name: view.name,
        created,
        filter: view.filter,
      },
    });
  }

  private toView(view: SavedViewRecord, actor: AdminActor): SavedView {
    return {
      id: view.id,
      name: view.name,
      filter: storedFilter(view.filter as SavedViewFilter),
      ownerId: view.ownerId,
      ownerEmail: view.ownerEmail,
      mine: view.ownerId === actor.id,
      createdAt: view.createdAt.toISOString(),
      updatedAt: view.updatedAt.toISOString(),
    };
  }
}
