/** The part of the shared phone lib the form needs. */
export interface PhoneRules {
  isValidPhone(input: string): boolean;
}

let loading: Promise<PhoneRules | null> | undefined;

/**
 * Loads the shared phone rules (libphonenumber metadata, ~30 kB gzip) on demand, so the
 * first paint downloads none of it. Resolves to null if the chunk cannot be fetched:
 * the server checks the number anyway, and the visitor must never be blocked by us.
 */
export function loadPhoneRules(): Promise<PhoneRules | null> {
  loading ??= import('@landing/shared/domain-phone').then(
    (lib): PhoneRules => ({ isValidPhone: (input) => lib.isValidPhone(input) }),
    () => {
      loading = undefined;
      return null;
    },
  );
  return loading;
}
