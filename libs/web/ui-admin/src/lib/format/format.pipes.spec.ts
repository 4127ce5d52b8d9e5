import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { VisitorTextPipe } from './format.pipes';

@Component({
  imports: [VisitorTextPipe],
  template: `<p>
    Called <bdi>{{ name | lpVisitor }}</bdi> today
  </p>`,
})
class Host {
  name = '\u202Eevil';
}

describe('VisitorTextPipe', () => {
  it('shows a name with a right-to-left override as it was typed, isolated in <bdi>', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const bdi = (fixture.nativeElement as HTMLElement).querySelector('bdi');
    expect(bdi?.textContent).toBe('evil');
    expect(bdi?.textContent).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });
});
