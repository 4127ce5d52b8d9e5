import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { EmptyState } from './empty-state';

@Component({
  imports: [EmptyState],
  template: `
    <lp-empty-state
      heading="No leads yet"
      message="Leads appear here as visitors call."
    >
      <button type="button">Clear filters</button>
    </lp-empty-state>
  `,
})
class Host {}

describe('EmptyState', () => {
  it('says what is empty, why, and offers the next step, announced politely', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const state = (fixture.nativeElement as HTMLElement).querySelector(
      'lp-empty-state',
    );
    expect(state?.getAttribute('role')).toBe('status');
    expect(state?.querySelector('h2')?.textContent?.trim()).toBe(
      'No leads yet',
    );
    expect(state?.querySelector('p')?.textContent?.trim()).toBe(
      'Leads appear here as visitors call.',
    );
    expect(state?.querySelector('button')?.textContent?.trim()).toBe(
      'Clear filters',
    );
  });

  it('leaves out the message line when there is none', async () => {
    const fixture = TestBed.createComponent(EmptyState);
    fixture.componentRef.setInput('heading', 'Nothing here');
    await fixture.whenStable();
    expect(
      (fixture.nativeElement as HTMLElement).querySelector('p'),
    ).toBeNull();
  });
});
