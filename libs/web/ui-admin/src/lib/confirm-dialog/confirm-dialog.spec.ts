import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Confirm } from './confirm-dialog';

const OPTIONS = {
  title: 'Erase this lead?',
  message: 'This cannot be undone.',
  confirmLabel: 'Erase',
  danger: true,
};

function dialogButtons(): HTMLButtonElement[] {
  return [
    ...document.querySelectorAll<HTMLButtonElement>('lp-confirm-dialog button'),
  ];
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  TestBed.tick();
}

describe('Confirm', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        {
          provide: MATERIAL_ANIMATIONS,
          useValue: { animationsDisabled: true },
        },
      ],
    });
  });

  afterEach(() => {
    document.querySelector('.cdk-overlay-container')?.remove();
  });

  it('resolves true only when the person presses the named action', async () => {
    const answer = TestBed.inject(Confirm).ask(OPTIONS);
    await settle();
    expect(
      document.querySelector('lp-confirm-dialog h2')?.textContent?.trim(),
    ).toBe('Erase this lead?');
    const [cancel, erase] = dialogButtons();
    expect(cancel.textContent?.trim()).toBe('Cancel');
    expect(erase.textContent?.trim()).toBe('Erase');
    expect(erase.classList).toContain('lp-confirm__danger');
    erase.click();
    await settle();
    await expect(answer).resolves.toBe(true);
  });

  it('resolves false on Cancel, which has the focus first', async () => {
    const answer = TestBed.inject(Confirm).ask(OPTIONS);
    await settle();
    const [cancel] = dialogButtons();
    expect(cancel.hasAttribute('cdkfocusinitial')).toBe(true);
    cancel.click();
    await settle();
    await expect(answer).resolves.toBe(false);
  });

  it('resolves false when the dialog is dismissed with Escape', async () => {
    const answer = TestBed.inject(Confirm).ask(OPTIONS);
    await settle();
    document.body.dispatchEvent(
      new KeyboardEvent('keydown', {
        key: 'Escape',
        keyCode: 27,
        bubbles: true,
      }),
    );
    await settle();
    await expect(answer).resolves.toBe(false);
  });
});
