// A new form from the editor's dialog: the text `jixiao new` writes and the file it would write it
// to, or what is wrong with the answers (one message per field).
import type { SiteConfig } from '../config/load.ts';
import { layoutNamed } from '../schema/form-settings.ts';
import { codeProblem, newForm, newFormFile, yearProblem } from '../scaffold/new-form.ts';
import type { NewFormRequest } from './protocol.ts';

export const NEW_FORM_FIELDS = ['绩效自评年度', '实施单位', '项目编码', '项目名称'] as const;

export function newFormSource(
  request: NewFormRequest,
  config: SiteConfig,
): { file: string; text: string } | { problems: string[] } {
  const answer = (key: (typeof NEW_FORM_FIELDS)[number]) =>
    typeof request[key] === 'string' ? request[key].trim() : '';
  const answers: NewFormRequest = {
    绩效自评年度: answer('绩效自评年度'),
    实施单位: answer('实施单位'),
    项目编码: answer('项目编码'),
    项目名称: answer('项目名称'),
  };
  const problems = NEW_FORM_FIELDS.flatMap((key) => (answers[key] ? [] : [`请填写${key}`]));
  const badYear = answers.绩效自评年度 ? yearProblem(answers.绩效自评年度) : undefined;
  const badCode = answers.项目编码 ? codeProblem(answers.项目编码) : undefined;
  for (const problem of [badYear, badCode]) if (problem) problems.push(problem);
  if (problems.length > 0) return { problems };
  const text = newForm(
    { year: Number(answers.绩效自评年度), unit: answers.实施单位, code: answers.项目编码, name: answers.项目名称 },
    layoutNamed(config, config.defaultLayout)!,
    config.defaultLayout,
    config.defaultLayout,
  );
  return { file: newFormFile(answers.绩效自评年度, answers.实施单位, answers.项目编码), text };
}
