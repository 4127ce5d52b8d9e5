import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  LOCALE_ID,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { LeadSubmissionService } from '@landing/web/data-access-lead';
import { LEAD_FIELD_LIMITS } from '@landing/shared/contracts-lead';
import {
  FORM_FIELDS,
  fromServerErrors,
  problemMessage,
  validateField,
  validateForm,
  type FormErrors,
  type FormField,
  type FormValues,
} from './lead-form.validation';
import { loadPhoneRules, type PhoneRules } from './phone-rules.loader';

/** A slow phone-rules download must not hold a submission back; the server checks anyway. */
const RULES_WAIT_MS = 3000;

type Outcome = 'accepted' | 'duplicate' | 'queued';

@Component({
  selector: 'lp-lead-form',
  templateUrl: './lead-form.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LeadForm {
  /** Version of the consent text shown, sent with the submission. */
  readonly consentVersion = input.required<string>();

  private readonly submissions = inject(LeadSubmissionService);
  protected readonly locale = inject(LOCALE_ID);
  protected readonly limits = LEAD_FIELD_LIMITS;

  protected readonly phone = signal('');
  protected readonly name = signal('');
  protected readonly email = signal('');
  protected readonly consent = signal(false);
  protected readonly website = signal('');
  /**
   * False in the prerendered HTML: its button is type="button", so a click before the
   * app wakes up cannot post the form to the static page (and the number into a URL).
   */
  protected readonly hydrated = signal(false);
  private readonly localErrors = signal<FormErrors>({});
  private validating = false;

  protected readonly status = this.submissions.status;
  protected readonly submitting = computed(
    () => this.status() === 'submitting',
  );
  private readonly serverErrors = computed(() =>
    this.status() === 'invalid'
      ? fromServerErrors(this.submissions.fieldErrors())
      : null,
  );
  protected readonly errors = computed<FormErrors>(() => ({
    ...this.serverErrors()?.errors,
    ...this.localErrors(),
  }));
  protected readonly formProblem = computed(
    () => this.serverErrors()?.other ?? false,
  );
  /** Refused as sent, not for a field: sending again makes a new submission. */
  protected readonly sendFailed = computed(() => this.status() === 'failed');
  protected readonly outcome = computed<Outcome | null>(() => {
    const status = this.status();
    return status === 'accepted' ||
      status === 'duplicate' ||
      status === 'queued'
      ? status
      : null;
  });

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly outcomeHeading =
    viewChild<ElementRef<HTMLElement>>('outcomeHeading');

  constructor() {
    afterNextRender(() => {
      this.hydrated.set(true);
      this.adoptTypedValues();
      this.submissions.start();
    });
    // Keyboard and screen-reader users land on the answer, not on a vanished button.
    effect(() => {
      const heading = this.outcomeHeading();
      if (heading && untracked(this.outcome) !== null)
        heading.nativeElement.focus();
    });
  }

  protected errorText(field: FormField): string | null {
    const problem = this.errors()[field];
    return problem ? problemMessage(field, problem) : null;
  }

  protected describedBy(field: FormField, hint = false): string {
    return [hint ? `lp-${field}-hint` : '', `lp-${field}-error`]
      .filter(Boolean)
      .join(' ');
  }

  protected onInput(
    field: Exclude<FormField, 'consent'> | 'website',
    event: Event,
  ): void {
    const value = (event.target as HTMLInputElement).value;
    this.fieldSignal(field).set(value);
    this.afterEdit(field);
  }

  protected onConsent(event: Event): void {
    this.consent.set((event.target as HTMLInputElement).checked);
    this.afterEdit('consent');
    // A checkbox has no "leaving": the error goes away as soon as it is ticked.
    void this.check('consent');
  }

  protected preloadRules(): void {
    void loadPhoneRules();
  }

  protected onBlur(field: FormField): void {
    // An empty field the visitor merely tabbed through is not an error yet.
    if (
      field !== 'consent' &&
      this.values()[field].trim() === '' &&
      !this.localErrors()[field]
    )
      return;
    void this.check(field);
  }

  protected async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.validating || this.submissions.busy()) return;
    this.validating = true;
    try {
      const rules = await rulesWithin(RULES_WAIT_MS);
      const values = this.values();
      const errors = validateForm(values, rules);
      this.localErrors.set(errors);
      const firstInvalid = FORM_FIELDS.find((field) => errors[field]);
      if (firstInvalid) {
        this.focusField(firstInvalid);
        return;
      }
      this.submissions.submit({
        ...values,
        consentVersion: this.consentVersion(),
        website: this.website(),
      });
    } finally {
      this.validating = false;
    }
  }

  private async check(field: FormField): Promise<void> {
    const rules = field === 'phone' ? await loadPhoneRules() : null;
    const problem = validateField(field, this.values(), rules);
    this.localErrors.update((errors) => {
      const next = { ...errors };
      if (problem) next[field] = problem;
      else delete next[field];
      return next;
    });
  }

  private afterEdit(field: FormField | 'website'): void {
    if (this.status() === 'invalid' || this.status() === 'failed')
      this.submissions.reset();
    if (
      field !== 'website' &&
      this.localErrors()[field] &&
      field !== 'consent'
    ) {
      // Re-check while typing only to clear an error, never to raise a new one mid-word.
      void this.clearIfFixed(field);
    }
  }

  private async clearIfFixed(field: FormField): Promise<void> {
    const rules = field === 'phone' ? await loadPhoneRules() : null;
    if (validateField(field, this.values(), rules) === null) {
      this.localErrors.update((errors) => {
        const next = { ...errors };
        delete next[field];
        return next;
      });
    }
  }

  private values(): FormValues {
    return {
      phone: this.phone(),
      name: this.name(),
      email: this.email(),
      consent: this.consent(),
    };
  }

  private fieldSignal(field: Exclude<FormField, 'consent'> | 'website') {
    switch (field) {
      case 'phone':
        return this.phone;
      case 'name':
        return this.name;
      case 'email':
        return this.email;
      case 'website':
        return this.website;
    }
  }

  private focusField(field: FormField): void {
    this.host.nativeElement.querySelector<HTMLElement>(`#lp-${field}`)?.focus();
  }

  /** The page is prerendered: a visitor may type before the app wakes up. */
  private adoptTypedValues(): void {
    const root = this.host.nativeElement;
    const read = (id: string) => root.querySelector<HTMLInputElement>(`#${id}`);
    for (const field of ['phone', 'name', 'email', 'website'] as const) {
      const element = read(`lp-${field}`);
      if (element && element.value !== '')
        this.fieldSignal(field).set(element.value);
    }
    if (read('lp-consent')?.checked) this.consent.set(true);
  }
}

async function rulesWithin(ms: number): Promise<PhoneRules | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>(
    (resolve) => (timer = setTimeout(() => resolve(null), ms)),
  );
  try {
    return await Promise.race([loadPhoneRules(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
