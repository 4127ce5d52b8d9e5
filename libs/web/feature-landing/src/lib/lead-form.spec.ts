import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { SubmitLeadRequest } from '@landing/shared/contracts-lead';
import {
  LEAD_PENDING_STORAGE,
  LEAD_SESSION_STORAGE,
  LEAD_TRANSPORT,
  type LeadTransport,
} from '@landing/web/data-access-lead';
import { LeadForm } from './lead-form';
import { loadPhoneRules } from './phone-rules.loader';

describe('LeadForm', () => {
  let fixture: ComponentFixture<LeadForm>;
  let element: HTMLElement;
  let sent: SubmitLeadRequest[];
  let answer: () => ReturnType<LeadTransport>;

  const input = (id: string) =>
    element.querySelector<HTMLInputElement>(`#${id}`) as HTMLInputElement;
  const type = (id: string, value: string) => {
    input(id).value = value;
    input(id).dispatchEvent(new Event('input'));
  };
  const leave = (id: string) => input(id).dispatchEvent(new Event('blur'));
  const submit = () =>
    element
      .querySelector('form')
      ?.dispatchEvent(new Event('submit', { cancelable: true }));
  const settle = async () => {
    for (let i = 0; i < 5; i++) await fixture.whenStable();
  };
  const errorOf = (field: string) =>
    element.querySelector(`#lp-${field}-error`)?.textContent?.trim() ?? '';

  beforeEach(async () => {
    localStorage.clear();
    sessionStorage.clear();
    sent = [];
    answer = () =>
      Promise.resolve({
        status: 202,
        headers: new Headers(),
        json: () => Promise.resolve({ status: 'accepted', submissionId: 'x' }),
      });
    TestBed.configureTestingModule({
      providers: [
        {
          provide: LEAD_TRANSPORT,
          useValue: ((_url, init) => {
            sent.push(JSON.parse(init.body) as SubmitLeadRequest);
            return answer();
          }) satisfies LeadTransport,
        },
        { provide: LEAD_PENDING_STORAGE, useValue: localStorage },
        { provide: LEAD_SESSION_STORAGE, useValue: sessionStorage },
      ],
    });
    fixture = TestBed.createComponent(LeadForm);
    fixture.componentRef.setInput('consentVersion', '2026-11-en');
    element = fixture.nativeElement as HTMLElement;
    await loadPhoneRules();
    await settle();
  });

  it('labels every field and ties hints and errors to it', () => {
    for (const id of ['lp-phone', 'lp-name', 'lp-email', 'lp-consent']) {
      expect(element.querySelector(`label[for="${id}"]`)).not.toBeNull();
    }
    expect(input('lp-phone').getAttribute('aria-describedby')).toBe(
      'lp-phone-hint lp-phone-error',
    );
    expect(input('lp-phone').autocomplete).toBe('tel');
    expect(input('lp-phone').maxLength).toBe(32);
  });

  it('hides the honeypot from people and assistive technology', () => {
    const honeypot = input('lp-website');
    expect(honeypot.tabIndex).toBe(-1);
    expect(honeypot.closest('[aria-hidden="true"]')).not.toBeNull();
  });

  it('shows a phone error when the visitor leaves the field, and clears it once fixed', async () => {
    type('lp-phone', '0912 12');
    leave('lp-phone');
    await settle();
    expect(errorOf('phone')).toBe(
      'This does not look like a phone number. Example: 0912 345 6789.',
    );
    expect(input('lp-phone').getAttribute('aria-invalid')).toBe('true');

    type('lp-phone', '۰۹۱۲ ۱۲۳ ۴۵۶۷');
    await settle();
    expect(errorOf('phone')).toBe('');
    expect(input('lp-phone').getAttribute('aria-invalid')).toBeNull();
  });

  it('does not complain about an empty field the visitor merely tabbed through', async () => {
    leave('lp-phone');
    leave('lp-email');
    await settle();
    expect(errorOf('phone')).toBe('');
    expect(errorOf('email')).toBe('');
  });

  it('on submit, shows every problem, focuses the first one and sends nothing', async () => {
    submit();
    await settle();
    expect(errorOf('phone')).toBe('Enter your mobile number.');
    expect(errorOf('consent')).toBe('Please agree so that we may call you.');
    expect(document.activeElement).toBe(input('lp-phone'));
    expect(sent).toEqual([]);
  });

  it('sends one submission on a double click and then says we will call', async () => {
    type('lp-phone', '0912 123 4567');
    input('lp-consent').click();
    submit();
    submit();
    await settle();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      phone: '0912 123 4567',
      consent: true,
      consentVersion: '2026-11-en',
    });
    expect(
      element.querySelector('[data-state="accepted"]')?.textContent,
    ).toContain("We'll call you soon");
    expect(
      element
        .querySelector('[role="status"]')
        ?.contains(document.activeElement),
    ).toBe(true);
  });

  it('tells a returning visitor that we already have the number', async () => {
    answer = () =>
      Promise.resolve({
        status: 200,
        headers: new Headers(),
        json: () => Promise.resolve({ status: 'duplicate' }),
      });
    type('lp-phone', '09121234567');
    input('lp-consent').click();
    submit();
    await settle();
    expect(
      element.querySelector('[data-state="duplicate"]')?.textContent,
    ).toContain('We already have your number');
  });

  it('shows the api verdict next to the field it concerns', async () => {
    answer = () =>
      Promise.resolve({
        status: 400,
        headers: new Headers(),
        json: () =>
          Promise.resolve({
            code: 'VALIDATION_FAILED',
            message: 'Invalid',
            requestId: 'r',
            fields: [{ field: 'email', code: 'INVALID_EMAIL', message: 'm' }],
          }),
      });
    type('lp-phone', '09121234567');
    type('lp-email', 'sara@localhost');
    input('lp-consent').click();
    submit();
    await settle();
    expect(errorOf('email')).toBe(
      'Enter an email address like name@example.com, or leave it empty.',
    );
    expect(element.querySelector('form')).not.toBeNull();
  });

  it('says a submission is saved, not failed, when the api cannot be reached', async () => {
    answer = () => Promise.reject(new TypeError('Failed to fetch'));
    type('lp-phone', '09121234567');
    input('lp-consent').click();
    submit();
    await settle();
    expect(
      element.querySelector('[data-state="queued"]')?.textContent,
    ).toContain('Your request is saved');
    expect(localStorage.length).toBe(1);
  });

  it('stops and says so when the api refuses the submission for good (409), and sends a new one on the next click', async () => {
    answer = () =>
      Promise.resolve({
        status: 409,
        headers: new Headers(),
        json: () =>
          Promise.resolve({
            code: 'SUBMISSION_ID_REUSED',
            message: 'm',
            requestId: 'r',
          }),
      });
    type('lp-phone', '09121234567');
    input('lp-consent').click();
    submit();
    await settle();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain(
      'We could not take this request. Please send it again.',
    );
    expect(element.querySelector('[data-state="queued"]')).toBeNull();
    expect(localStorage.length).toBe(0);
    expect(sent).toHaveLength(1);

    answer = () =>
      Promise.resolve({
        status: 202,
        headers: new Headers(),
        json: () => Promise.resolve({ status: 'accepted', submissionId: 'x' }),
      });
    submit();
    await settle();
    expect(sent).toHaveLength(2);
    expect(sent[1]?.submissionId).not.toBe(sent[0]?.submissionId);
    expect(
      element.querySelector('[data-state="accepted"]')?.textContent,
    ).toContain('Thank you');
  });
});
