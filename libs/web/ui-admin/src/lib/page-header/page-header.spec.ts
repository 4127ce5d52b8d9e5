import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { PageHeader } from './page-header';

@Component({
  imports: [PageHeader],
  template: `<lp-page-header heading="Leads" subtitle="1,204 match">
    <button type="button">Export</button>
  </lp-page-header>`,
})
class Host {}

describe('PageHeader', () => {
  it('gives the screen its one level-1 heading, the subtitle and the actions', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelectorAll('h1')).toHaveLength(1);
    expect(el.querySelector('h1')?.textContent?.trim()).toBe('Leads');
    expect(
      el.querySelector('[data-testid="page-subtitle"]')?.textContent?.trim(),
    ).toBe('1,204 match');
    expect(
      el.querySelector('.lp-page-header__actions button')?.textContent?.trim(),
    ).toBe('Export');
  });
});
