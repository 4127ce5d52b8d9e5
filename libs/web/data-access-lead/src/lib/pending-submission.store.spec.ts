import {
  PENDING_SUBMISSION_KEY,
  PendingSubmissionStore,
  type PendingSubmission,
} from './pending-submission.store';

const pending: PendingSubmission = {
  request: {
    phone: '09121234567',
    consent: true,
    submissionId: '6f1c2b4e-4a7d-4f6b-9a37-5b0c3d2e1f00',
  },
  createdAt: 1_700_000_000_000,
  attempts: 2,
};

describe('PendingSubmissionStore', () => {
  beforeEach(() => localStorage.clear());

  it('keeps a submission in local storage, where the next page view finds it', () => {
    new PendingSubmissionStore(localStorage).save(pending);
    expect(new PendingSubmissionStore(localStorage).load()).toEqual(pending);
  });

  it('forgets it once cleared', () => {
    const store = new PendingSubmissionStore(localStorage);
    store.save(pending);
    store.clear();
    expect(localStorage.getItem(PENDING_SUBMISSION_KEY)).toBeNull();
    expect(store.load()).toBeNull();
  });

  it('drops an entry it cannot read instead of retrying garbage forever', () => {
    localStorage.setItem(PENDING_SUBMISSION_KEY, '{"request":{"phone":1}}');
    expect(new PendingSubmissionStore(localStorage).load()).toBeNull();
    expect(localStorage.getItem(PENDING_SUBMISSION_KEY)).toBeNull();
    localStorage.setItem(PENDING_SUBMISSION_KEY, 'not json');
    expect(new PendingSubmissionStore(localStorage).load()).toBeNull();
  });

  it('still holds the submission for this page when storage refuses writes', () => {
    const broken = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    } as unknown as Storage;
    const store = new PendingSubmissionStore(broken);
    store.save(pending);
    expect(store.load()).toEqual(pending);
    expect(new PendingSubmissionStore(null).load()).toBeNull();
  });
});
