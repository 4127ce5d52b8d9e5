import { AuditQueueProducer } from '@landing/api/data-access-audit';
import { adminAuditEnvelope } from '@landing/api/feature-admin-auth';
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
import { type AdminAction } from './lead-review.service';

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

  async mine(action: AdminAction): Promise<SavedViewListResponse> {
    const views = await this.views.listOf(action.session.user.id);
    return { items: views.map((view) => this.toView(view, action)) };
  }

  async open(id: string, action: AdminAction): Promise<SavedView> {
    const view = await this.views.find(id);
    if (!view) throw new SavedViewNotFoundError();
    return this.toView(view, action);
  }

  async create(
    name: string,
    filter: SavedViewFilter,
    action: AdminAction,
  ): Promise<SavedView> {
    const kept = this.checkedFilter(filter);
    const created = await this.views.create(
      action.session.user.id,
      name.trim(),
      kept,
      SAVED_VIEW_LIMITS.perUser,
    );
    if (!created.ok)
      throw created.reason === 'name_taken'
        ? new SavedViewNameTakenError()
        : new TooManySavedViewsError(SAVED_VIEW_LIMITS.perUser);
    await this.recordSaved(created.view, true, action);
    return this.toView(created.view, action);
  }

  async update(
    id: string,
    change: { name?: string; filter?: SavedViewFilter },
    action: AdminAction,
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
    if (existing.ownerId !== action.session.user.id)
      throw new SavedViewNotYoursError();
    const updated = await this.views.update(id, action.session.user.id, {
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
    await this.recordSaved(updated.view, false, action);
    return this.toView(updated.view, action);
  }

  async delete(id: string, action: AdminAction): Promise<void> {
    const existing = await this.views.find(id);
    if (!existing) throw new SavedViewNotFoundError();
    if (existing.ownerId !== action.session.user.id)
      throw new SavedViewNotYoursError();
    const gone = await this.views.delete(id, action.session.user.id);
    if (!gone) throw new SavedViewNotFoundError();
    await this.audit.record({
      ...adminAuditEnvelope(action.request, null, action.session),
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
    action: AdminAction,
  ): Promise<void> {
    await this.audit.record({
      ...adminAuditEnvelope(action.request, null, action.session),
      type: 'admin.view_saved',
      payload: {
        viewId: view.id,
        name: view.name,
        created,
        filter: view.filter,
      },
    });
  }

  private toView(view: SavedViewRecord, action: AdminAction): SavedView {
    return {
      id: view.id,
      name: view.name,
      filter: storedFilter(view.filter as SavedViewFilter),
      ownerId: view.ownerId,
      ownerEmail: view.ownerEmail,
      mine: view.ownerId === action.session.user.id,
      createdAt: view.createdAt.toISOString(),
      updatedAt: view.updatedAt.toISOString(),
    };
  }
}
