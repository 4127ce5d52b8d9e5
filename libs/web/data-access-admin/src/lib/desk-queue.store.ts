import { DestroyRef, Injectable, effect, inject, signal } from '@angular/core';
import { type QueueResponse } from '@landing/shared/contracts-desk';
import { type Subscription } from 'rxjs';
import { AdminApi } from './admin-api';
import { concernsQueue, DeskEventsService } from './desk-events.service';

/** Events arriving close together (a batch of leads) cause one reload. */
export const QUEUE_REFRESH_DEBOUNCE_MS = 400;

/**
 * The signed-in user's queue, shared by the top bar's counts and the queue page. It reloads
 * (debounced) when the live stream says something about the user's leads or the shared
 * queue, when the stream (re)opens, and when asked after one's own change.
 */
@Injectable({ providedIn: 'root' })
export class DeskQueueStore {
  private readonly api = inject(AdminApi);
  private readonly events = inject(DeskEventsService);
  readonly value = signal<QueueResponse | null>(null);
  readonly error = signal<unknown>(null);
  readonly loading = signal(false);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: AbortController | null = null;
  private subscription: Subscription | null = null;

  constructor() {
    // A (re)opened stream may have missed events: read the queue again.
    effect(() => {
      if (this.events.connections() > 0) this.refreshSoon();
    });
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  start(): void {
    if (this.subscription) return;
    this.subscription = this.events.events$.subscribe((event) => {
      const me = this.api.session()?.user.id;
      if (me && concernsQueue(event, me)) this.refreshSoon();
    });
    void this.refresh();
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inflight?.abort();
    this.value.set(null);
  }

  refreshSoon(delay = QUEUE_REFRESH_DEBOUNCE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, delay);
  }

  /** Reads the queue now; an older read still on its way is dropped. */
  async refresh(): Promise<void> {
    this.inflight?.abort();
    const controller = new AbortController();
    this.inflight = controller;
    this.loading.set(true);
    try {
      const value = await this.api.queue(controller.signal);
      if (controller.signal.aborted) return;
      this.value.set(value);
      this.error.set(null);
    } catch (error) {
      if (!controller.signal.aborted) this.error.set(error);
    } finally {
      if (this.inflight === controller) {
        this.inflight = null;
        this.loading.set(false);
      }
    }
  }

  /**
   * Takes a lead from the shared queue; the queue is read again either way, so a lead won
   * shows in the user's list and one lost to a colleague leaves the shared list. A lost claim
   * rejects with the api's error (`LEAD_ALREADY_OWNED`, `LEAD_CLOSED`, `NOT_FOUND`).
   */
  async claim(leadId: string): Promise<void> {
    try {
      await this.api.claim(leadId);
    } finally {
      await this.refresh();
    }
  }

  /** Takes a lead out of the list at once (a call was logged); the next read has the truth. */
  drop(leadId: string): void {
    const current = this.value();
    if (!current) return;
    this.value.set({
      ...current,
      items: current.items.filter((item) => item.leadId !== leadId),
      upcoming: current.upcoming.filter((item) => item.leadId !== leadId),
      shared: current.shared.filter((item) => item.leadId !== leadId),
    });
  }
}
