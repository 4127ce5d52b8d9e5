import { Component, LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { NumberPipe, VisitorTextPipe } from './format.pipes';

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

describe('NumberPipe', () => {
  @Component({
    imports: [NumberPipe],
    template: `<span>{{ 30 | lpNumber }}</span
      >/<span>{{ 12345 | lpNumber }}</span>`,
  })
  class Numbers {}

  it('writes numbers in Persian digits in the Persian build', async () => {
    TestBed.configureTestingModule({
      providers: [{ provide: LOCALE_ID, useValue: 'fa' }],
    });
    const fixture = TestBed.createComponent(Numbers);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent).toBe(
      '۳۰/۱۲٬۳۴۵',
    );
  });

  it('keeps Latin digits with a thousands separator in English', async () => {
    TestBed.configureTestingModule({
      providers: [{ provide: LOCALE_ID, useValue: 'en' }],
    });
    const fixture = TestBed.createComponent(Numbers);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent).toBe(
      '30/12,345',
    );
  });
});
