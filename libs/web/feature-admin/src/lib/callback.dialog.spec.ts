import { LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialogRef } from '@angular/material/dialog';
import { provideCalendarDates } from '@landing/web/ui-admin';
import { CallbackDialog } from './callback.dialog';

/** Lets the timepicker's input settle and renders. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    TestBed.tick();
  }
}

async function open(locale: string) {
  const close = jest.fn();
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({
    providers: [
      { provide: LOCALE_ID, useValue: locale },
      provideCalendarDates(),
      { provide: MatDialogRef, useValue: { close } },
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    ],
  });
  const fixture = TestBed.createComponent(CallbackDialog);
  await settle();
  const el = fixture.nativeElement as HTMLElement;
  const time = el.querySelector<HTMLInputElement>(
    '[data-testid="callback-time"]',
  );
  if (!time) throw new Error('no time field');
  return {
    close,
    time,
    type: async (text: string) => {
      time.value = text;
      time.dispatchEvent(new Event('input'));
      time.dispatchEvent(new Event('blur'));
      await settle();
    },
    save: async () => {
      el.querySelector('form')?.dispatchEvent(
        new Event('submit', { cancelable: true }),
      );
      await settle();
    },
    error: () => el.querySelector('[role="alert"]')?.textContent?.trim(),
  };
}

jest.setTimeout(30_000);

describe('CallbackDialog', () => {
  // 10:05 local time: the suggestion is an hour ahead, on the quarter hour (11:15).
  beforeEach(() =>
    jest.useFakeTimers({
      now: new Date(2026, 11, 1, 10, 5),
      advanceTimers: true,
    }),
  );
  afterEach(() => jest.useRealTimers());

  it('shows and reads a 24-hour time in Persian digits in fa, and sends the instant picked', async () => {
    const dialog = await open('fa');
    expect(dialog.time.value).toBe('۱۱:۱۵');
    expect(dialog.time.type).not.toBe('time');
    await dialog.type('۱۶:۴۵');
    await dialog.save();
    expect(dialog.error()).toBeUndefined();
    expect(dialog.close).toHaveBeenCalledWith(
      new Date(2026, 11, 1, 16, 45).toISOString(),
    );
  });

  it('keeps a 24-hour time in en and sends the same instant', async () => {
    const dialog = await open('en');
    expect(dialog.time.value).toBe('11:15');
    await dialog.type('16:45');
    await dialog.save();
    expect(dialog.close).toHaveBeenCalledWith(
      new Date(2026, 11, 1, 16, 45).toISOString(),
    );
  });

  it('refuses a time already past, and a time it cannot read', async () => {
    const dialog = await open('fa');
    await dialog.type('۰۹:۰۰');
    await dialog.save();
    expect(dialog.error()).toBe('The callback must be in the future.');
    await dialog.type('۲۷:۹۹');
    await dialog.save();
    expect(dialog.error()).toBe('Choose a day and a time.');
    expect(dialog.close).not.toHaveBeenCalled();
  });
});
