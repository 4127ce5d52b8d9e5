import { Pipe, type PipeTransform } from '@angular/core';
import { neutraliseBidiControls } from '@landing/shared/util-text';

/**
 * Visitor-supplied text as staff should read it: without bidi controls, so a name holding a
 * right-to-left override cannot show "evil" as "live". Show the result inside `<bdi>`.
 */
@Pipe({ name: 'visitorText' })
export class VisitorTextPipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    return value ? neutraliseBidiControls(value) : '';
  }
}
