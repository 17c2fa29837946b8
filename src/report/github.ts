// --format github: GitHub Actions workflow commands, shown as annotations on the pull request.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import { printable, type Diagnostic } from '../core/diagnostic.ts';

/** GitHub's escapes for line breaks (the runner turns them back: a file name is still found); the
 *  other controls, ESC first, written as <U+001B>: the log would otherwise show them to a terminal.
 *  A command thus stays on its line, and text in it can never start a command of its own. */
const escapeData = (text: string) => printable(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function github(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const command = d.severity === 'error' ? 'error' : 'warning';
      const properties = `file=${escapeProperty(d.file)},line=${d.line},col=${d.column},title=${escapeProperty(d.ruleId)}`;
      return `::${command} ${properties}::${escapeData(`${d.message} (${d.ruleId})`)}\n`;
    })
    .join('');
}
