import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  LOCALE_ID,
  resource,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive } from '@angular/router';
import { type AdminSessionResponse } from '@landing/shared/contracts-admin';
import {
  AdminApi,
  AdminApiError,
  DeskEventsService,
  DeskNotifier,
  DeskQueueStore,
  leadsNewlyMine,
} from '@landing/web/data-access-admin';
import { intlLocale, NumberPipe } from '@landing/web/ui-admin';
import { WebhookAlerts } from './webhook-alerts';

/**
 * The signed-in bar: navigation with the queue's counts, on duty / away, new-lead alerts,
 * and the account menu. The shell defers it, so the sign-in page does not download the
 * menu and its overlay. While it is shown, the desk's live stream is open.
 */
@Component({
  selector: 'lp-admin-top-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatButtonModule,
    MatMenuModule,
    NumberPipe,
  ],
  templateUrl: './admin-top-bar.html',
  styleUrl: './admin-top-bar.scss',
})
export class AdminTopBar {
  private readonly api = inject(AdminApi);
  private readonly router = inject(Router);
  private readonly snack = inject(MatSnackBar);
  private readonly events = inject(DeskEventsService);
  private readonly queue = inject(DeskQueueStore);
  protected readonly notifier = inject(DeskNotifier);
  /** Disabled webhook endpoints (polled by the admin-only banner; none for other roles). */
  protected readonly webhookAlerts = inject(WebhookAlerts);
  private readonly locale = inject(LOCALE_ID);
  readonly session = input.required<AdminSessionResponse>();

  protected readonly ready = computed(() => !this.session().mustChangePassword);
  protected readonly isAdmin = computed(
    () => this.session().user.role === 'admin',
  );
  protected readonly counts = computed(() => this.queue.value()?.counts);
  protected readonly live = this.events.connected;

  private readonly availability = resource({
    params: () => (this.ready() ? this.session().user.id : undefined),
    loader: ({ abortSignal }) => this.api.availability(abortSignal),
  });
  /** The state shown: the answer of the last change, or what the server said. */
  protected readonly onDuty = signal<boolean | null>(null);
  protected readonly switching = signal(false);

  constructor() {
    effect(() => {
      const state = this.availability.hasValue()
        ? this.availability.value()
        : undefined;
      if (state) untracked(() => this.onDuty.set(state.onDuty));
    });
    effect(() => {
      if (!this.ready()) return;
      untracked(() => {
        this.events.start();
        this.queue.start();
      });
    });
    const subscription = this.events.events$.subscribe((event) => {
      const mine = leadsNewlyMine(event, this.session().user.id);
      if (!mine) return;
      const n = new Intl.NumberFormat(intlLocale(this.locale)).format(mine);
      this.notifier.announce(
        $localize`:@@admin.desk.notify.title:New lead to call`,
        mine === 1
          ? $localize`:@@admin.desk.notify.one:A new lead is in your queue.`
          : $localize`:@@admin.desk.notify.many:${n}:COUNT: new leads are in your queue.`,
      );
    });
    inject(DestroyRef).onDestroy(() => {
      subscription.unsubscribe();
      this.events.stop();
      this.queue.stop();
    });
  }

  protected async toggleDuty(): Promise<void> {
    const next = !this.onDuty();
    this.switching.set(true);
    try {
      const saved = await this.api.setAvailability(next);
      this.onDuty.set(saved.onDuty);
      this.queue.refreshSoon(0);
    } catch (error) {
      this.snack.open(
        error instanceof AdminApiError ? error.message : String(error),
        $localize`:@@admin.dismiss:Dismiss`,
        { duration: 8000, politeness: 'assertive' },
      );
    } finally {
      this.switching.set(false);
    }
  }

  protected async enableNotifications(): Promise<void> {
    await this.notifier.askPermission();
  }

  protected toggleSound(): void {
    this.notifier.setSound(!this.notifier.soundOn());
  }

  protected async signOut(): Promise<void> {
    this.events.stop();
    this.queue.stop();
    await this.api.logout();
    await this.router.navigate(['/login']);
  }
}
