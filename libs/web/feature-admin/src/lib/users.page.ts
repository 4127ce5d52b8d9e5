import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  LOCALE_ID,
  resource,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import {
  type AdminRole,
  type AdminUserListItem,
} from '@landing/shared/contracts-admin';
import { AdminApi, AdminApiError } from '@landing/web/data-access-admin';
import {
  intlLocale,
  AgePipe,
  Confirm,
  DateTimePipe,
  EmptyState,
  NumberPipe,
  PageHeader,
} from '@landing/web/ui-admin';
import { CreateUserDialog } from './create-user.dialog';

export function roleLabel(role: AdminRole): string {
  switch (role) {
    case 'admin':
      return $localize`:@@admin.role.admin:Admin`;
    case 'reviewer':
      return $localize`:@@admin.role.reviewer:Reviewer`;
  }
}

/** Staff accounts (admin role): add one with a temporary password, change roles, disable, sign out. */
@Component({
  selector: 'lp-admin-users',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatMenuModule,
    MatProgressBarModule,
    MatTableModule,
    AgePipe,
    DateTimePipe,
    NumberPipe,
    EmptyState,
    PageHeader,
  ],
  templateUrl: './users.page.html',
  styleUrl: './users.page.scss',
})
export class UsersPage {
  private readonly api = inject(AdminApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly confirm = inject(Confirm);
  private readonly locale = inject(LOCALE_ID);
  protected readonly heading = $localize`:@@admin.users:Users`;
  protected readonly columns = [
    'email',
    'role',
    'state',
    'lastSignIn',
    'sessions',
    'actions',
  ];
  protected readonly now = signal(new Date());
  protected readonly roleLabel = roleLabel;
  protected readonly meId = computed(() => this.api.session()?.user.id);

  protected readonly users = resource({
    loader: ({ abortSignal }) => this.api.users(abortSignal),
  });
  protected readonly subtitle = computed(() => {
    const n = this.users.value()?.length;
    return n === undefined
      ? ''
      : $localize`:@@admin.users.count:${new Intl.NumberFormat(intlLocale(this.locale)).format(n)}:COUNT: staff accounts`;
  });

  protected errorText(error: unknown): string {
    return error instanceof AdminApiError ? error.message : String(error);
  }

  protected async create(): Promise<void> {
    await CreateUserDialog.open(this.dialog);
    this.users.reload();
  }

  protected async setRole(
    user: AdminUserListItem,
    role: AdminRole,
  ): Promise<void> {
    await this.act(
      () => this.api.changeRole(user.id, role),
      $localize`:@@admin.users.roleChanged:${user.email}:EMAIL: is now ${roleLabel(role)}:ROLE:.`,
    );
  }

  protected async setDisabled(
    user: AdminUserListItem,
    disabled: boolean,
  ): Promise<void> {
    if (disabled) {
      const go = await this.confirm.ask({
        title: $localize`:@@admin.users.disableTitle:Disable ${user.email}:EMAIL:?`,
        message: $localize`:@@admin.users.disableMessage:They are signed out everywhere and cannot sign in until enabled again.`,
        confirmLabel: $localize`:@@admin.users.disable:Disable`,
        danger: true,
      });
      if (!go) return;
    }
    await this.act(
      () => this.api.setDisabled(user.id, disabled),
      disabled
        ? $localize`:@@admin.users.disabled:${user.email}:EMAIL: was disabled.`
        : $localize`:@@admin.users.enabled:${user.email}:EMAIL: was enabled.`,
    );
  }

  protected async revoke(user: AdminUserListItem): Promise<void> {
    await this.act(
      () => this.api.revokeSessions(user.id),
      $localize`:@@admin.users.revoked:${user.email}:EMAIL: was signed out everywhere.`,
    );
  }

  private async act(
    action: () => Promise<unknown>,
    done: string,
  ): Promise<void> {
    try {
      await action();
      this.snack.open(done, undefined, { duration: 4000 });
      this.users.reload();
    } catch (error) {
      this.snack.open(
        this.errorText(error),
        $localize`:@@admin.dismiss:Dismiss`,
        {
          duration: 8000,
          politeness: 'assertive',
        },
      );
    }
  }
}
