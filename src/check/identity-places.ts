// Where a form's identifying fields are written: all that the checks over all forms locate, kept
// instead of the whole parsed source, sent between threads and kept in the cache folder.
import type { FieldPath, Place } from '../parse/source.ts';
import type { CheckedForm } from './form.ts';

/** The fields the checks over all forms report at (their values). */
export const IDENTITY_PATHS: FieldPath[] = [['项目编码'], ['实施单位'], ['主管部门']];

/** Where a form's identifying values are written, by path: all that the checks over all forms
 *  locate. Plain data, to keep or to send between threads instead of the whole parsed source. */
export function identityPlaces(form: CheckedForm): Array<[string, Place]> {
  return form.locate ? IDENTITY_PATHS.map((path) => [path.join('.'), form.locate!(path, 'value')]) : [];
}

/** A `locate` over identityPlaces: the line and column of those fields, 1:1 for any other. */
export function locateAmong(places: Iterable<[string, Place]>): NonNullable<CheckedForm['locate']> {
  const at = new Map(places);
  return (path) => at.get(path.join('.')) ?? { line: 1, column: 1 };
}
