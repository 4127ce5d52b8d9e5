import { LEAD_FIELD_LIMITS } from '@landing/shared/contracts-lead';
import {
  ATTRIBUTION_KEY,
  captureAttribution,
  readAttribution,
} from './attribution';

describe('attribution', () => {
  beforeEach(() => sessionStorage.clear());

  it('reads the UTM parameters, the referrer and the landing path', () => {
    expect(
      readAttribution(
        {
          pathname: '/fa/',
          search:
            '?utm_source=sms&utm_medium=cpc&utm_campaign=nowruz&utm_term=%D9%85%D8%B4%D8%A7%D9%88%D8%B1&utm_content=a&gclid=zzz',
        },
        'https://news.example/article',
      ),
    ).toEqual({
      utm_source: 'sms',
      utm_medium: 'cpc',
      utm_campaign: 'nowruz',
      utm_term: 'مشاور',
      utm_content: 'a',
      referrer: 'https://news.example/article',
      landingPath: '/fa/',
    });
  });

  it('leaves out what is absent and cuts what is longer than the api accepts', () => {
    const long = 'x'.repeat(5000);
    const attribution = readAttribution(
      { pathname: `/${long}`, search: `?utm_source=${long}&utm_medium=` },
      long,
    );
    expect(attribution.utm_source).toHaveLength(LEAD_FIELD_LIMITS.utm);
    expect(attribution.referrer).toHaveLength(LEAD_FIELD_LIMITS.referrer);
    expect(attribution.landingPath).toHaveLength(LEAD_FIELD_LIMITS.landingPath);
    expect(attribution).not.toHaveProperty('utm_medium');
    expect(readAttribution({ pathname: '/en/', search: '' }, '')).toEqual({
      landingPath: '/en/',
    });
  });

  it('keeps the first view of the session, so navigating inside the site loses no campaign', () => {
    const first = captureAttribution(
      sessionStorage,
      { pathname: '/fa/', search: '?utm_source=sms' },
      'https://t.me/',
    );
    const later = captureAttribution(
      sessionStorage,
      { pathname: '/en/', search: '' },
      'http://localhost/fa/',
    );
    expect(later).toEqual(first);
    expect(later).toEqual({
      utm_source: 'sms',
      referrer: 'https://t.me/',
      landingPath: '/fa/',
    });
  });

  it('ignores stored values of the wrong type and works without storage', () => {
    sessionStorage.setItem(
      ATTRIBUTION_KEY,
      JSON.stringify({ utm_source: 5, landingPath: '/fa/', other: 'x' }),
    );
    expect(
      captureAttribution(sessionStorage, { pathname: '/en/', search: '' }, ''),
    ).toEqual({ landingPath: '/fa/' });
    expect(
      captureAttribution(
        null,
        { pathname: '/en/', search: '?utm_source=a' },
        '',
      ),
    ).toEqual({ utm_source: 'a', landingPath: '/en/' });
  });
});
