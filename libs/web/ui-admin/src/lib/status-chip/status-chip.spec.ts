import { TestBed } from '@angular/core/testing';
import { LEAD_STATUSES } from '@landing/shared/contracts-lead';
import { StatusChip } from './status-chip';

describe('StatusChip', () => {
  it('names the status in words and colours it by status', async () => {
    const fixture = TestBed.createComponent(StatusChip);
    fixture.componentRef.setInput('status', 'qualified');
    await fixture.whenStable();
    const host = fixture.nativeElement as HTMLElement;
    expect(host.textContent?.trim()).toBe('Qualified');
    expect(host.classList).toContain('lp-status--qualified');

    fixture.componentRef.setInput('status', 'spam');
    await fixture.whenStable();
    expect(host.textContent?.trim()).toBe('Spam');
    expect(host.classList).toContain('lp-status--spam');
    expect(host.classList).not.toContain('lp-status--qualified');
  });

  it('gives every status its own label', async () => {
    const labels = new Set<string>();
    for (const status of LEAD_STATUSES) {
      const fixture = TestBed.createComponent(StatusChip);
      fixture.componentRef.setInput('status', status);
      await fixture.whenStable();
      labels.add(
        (fixture.nativeElement as HTMLElement).textContent?.trim() ?? '',
      );
    }
    expect(labels.size).toBe(LEAD_STATUSES.length);
    expect(labels).not.toContain('');
  });
});
