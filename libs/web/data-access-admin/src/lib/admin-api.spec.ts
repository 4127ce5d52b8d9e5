import { TestBed } from '@angular/core/testing';
import { AdminApi, leadQueryString } from './admin-api';

describe('leadQueryString', () => {
  it('keeps only the filters that are set, encoded', () => {
    expect(
      leadQueryString({
        q: '۰۹۱۲ ۱۲۳',
        status: 'new,contacted',
        source: '',
        campaign: undefined,
      }),
    ).toBe(
      `?q=${encodeURIComponent('۰۹۱۲ ۱۲۳').replace(/%20/g, '+')}&status=new%2Ccontacted`,
    );
    expect(leadQueryString({})).toBe('');
  });
});

describe('AdminApi.exportUrl', () => {
  it('exports the filter, never a page position', () => {
    const api = TestBed.inject(AdminApi);
    expect(api.exportUrl({ status: 'new', cursor: 'abc', limit: '50' })).toBe(
      '/api/admin/leads/export?status=new',
    );
  });
});
