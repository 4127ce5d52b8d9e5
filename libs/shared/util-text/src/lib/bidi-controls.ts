/**
 * The explicit bidirectional formatting characters: embeddings (LRE, RLE), overrides (LRO,
 * RLO), their terminator (PDF) and the isolates (LRI, RLI, FSI, PDI). One of them in a
 * visitor's name reorders what staff read: "\u202Eevil" is displayed as "live".
 *
 * The implicit marks (LRM U+200E, RLM U+200F, ALM U+061C) and the zero-width non-joiner
 * (U+200C, part of correct Persian spelling) are not in the set: they cannot reverse a run
 * of letters, and Persian text uses them legitimately.
 */
const EXPLICIT_BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Visitor text made safe to show to staff: every explicit bidi control removed, so the
 * characters read in the order they were typed. Use it wherever visitor-supplied text is
 * displayed or exported (and show it inside `<bdi>`, so its direction stays its own).
 */
export function neutraliseBidiControls(text: string): string {
  return text.replace(EXPLICIT_BIDI_CONTROLS, '');
}
