export { neutraliseBidiControls } from './lib/bidi-controls';
