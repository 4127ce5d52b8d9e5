export {
  DEFAULT_PHONE_REGION,
  PHONE_INPUT_MAX_LENGTH,
  isValidPhone,
  normalizePhone,
  type PhoneNormalization,
  type PhoneRejection,
} from './lib/phone-number';
export { toAsciiDigits } from './lib/phone-digits';
export { maskPhone, maskPhonesInText } from './lib/phone-mask';
export { formatPhoneToDial } from './lib/phone-dial';
