import { type LeadListQuery } from './admin-leads.contract';

/** The list's query parameters a saved view keeps (everything but paging). */
export const SAVED_VIEW_FILTER_KEYS = [
  'status',
  'from',
  'to',
  'source',
  'campaign',
  'q',
  'sort',
  'order',
] as const satisfies readonly (keyof LeadListQuery)[];

export type SavedViewFilter = Pick<
  LeadListQuery,
  (typeof SAVED_VIEW_FILTER_KEYS)[number]
>;

export const SAVED_VIEW_LIMITS = {
  nameMax: 80,
  /** Views one user may own. */
  perUser: 100,
} as const;

/**
 * A named lead-list filter owned by one user. Its owner lists, renames, changes and deletes
 * it; any signed-in staff member can open it by id (a shared URL such as
 * `/fa/admin/leads?view=<id>`). Names are unique per owner, ignoring case.
 */
export interface SavedView {
  id: string;
  name: string;
  filter: SavedViewFilter;
  ownerId: string;
  /** Null when the owner's account is gone. */
  ownerEmail: string | null;
  /** True when the signed-in user owns it (may change or delete it). */
  mine: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Answer of `GET /api/admin/views`: the signed-in user's views, by name. */
export interface SavedViewListResponse {
  items: SavedView[];
}

/** Body of `POST /api/admin/views` (201 with the {@link SavedView}). */
export interface CreateSavedViewRequest {
  name: string;
  filter: SavedViewFilter;
}

/** Body of `PATCH /api/admin/views/:id` (owner only); at least one field. */
export interface UpdateSavedViewRequest {
  name?: string;
  filter?: SavedViewFilter;
}
