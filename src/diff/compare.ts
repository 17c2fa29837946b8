// The forms of two sides matched up and compared: added, removed, renamed or moved, and for each
// changed form its field changes, computed consequences and the diagnostics it gained or lost. Pure.
import path from 'node:path';
import type { CheckedForm } from '../check/form.ts';
import { hasErrors, type Diagnostic } from '../core/diagnostic.ts';
import { unitName } from '../schema/form.ts';
import type { ScoredForm } from '../score/form.ts';
import { Decimal } from '../score/decimal.ts';
import { fieldChanges, resultChanges, type ValueChange } from './fields.ts';
import { byCodePoint } from '../core/group.ts';

export type FormStatus = 'added' | 'removed' | 'changed' | 'renamed' | 'moved';

/** One form on both sides (or one only, when added or removed). */
export interface FormPair {
  before?: CheckedForm;
  after?: CheckedForm;
}

export interface FormChange {
  status: FormStatus;
  /** The path on the new side (the old one when removed). */
  file: string;
  /** The old path, when renamed or moved. */
  oldFile?: string;
  项目编码?: string;
  项目名称?: string;
  年度?: number;
  单位?: string;
  /** A side that is there but cannot be read or validated (its errors are in `diagnostics.introduced`). */
  unreadable: { before: boolean; after: boolean };
  fields: ValueChange[];
  results: ValueChange[];
  diagnostics: { introduced: Diagnostic[]; fixed: Diagnostic[] };
  /** Every error of the new side, new or not: a form with any is not published. */
  errors: Diagnostic[];
  /** 总分 on each side, where computed. */
  总分?: { before?: string; after?: string };
}

/** Page counts of a pair, where printed. */
export interface PageCounts {
  before?: number;
  after?: number;
}

/** Matches forms by path; the rest by 年度 and 项目编码 (or 项目名称 and unit, without a code). */
export function pairForms(before: readonly CheckedForm[], after: readonly CheckedForm[]): FormPair[] {
  const pairs: FormPair[] = [];
  const oldByFile = new Map(before.map((form) => [form.file, form]));
  const unmatchedNew: CheckedForm[] = [];
  for (const form of after) {
    const old = oldByFile.get(form.file);
    if (old) {
      oldByFile.delete(form.file);
      pairs.push({ before: old, after: form });
    } else unmatchedNew.push(form);
  }
  const oldByIdentity = new Map<string, CheckedForm>();
  for (const form of oldByFile.values()) {
    const key = identity(form);
    if (key && !oldByIdentity.has(key)) oldByIdentity.set(key, form);
  }
  for (const form of unmatchedNew) {
    const key = identity(form);
    const old = key ? oldByIdentity.get(key) : undefined;
    if (old) {
      oldByIdentity.delete(key!);
      oldByFile.delete(old.file);
    }
    pairs.push({ before: old, after: form });
  }
  for (const form of oldByFile.values()) pairs.push({ before: form });
  return pairs.sort((a, b) => byCodePoint((a.after ?? a.before)!.file, (b.after ?? b.before)!.file));
}

function identity(form: CheckedForm): string | undefined {
  if (!form.scored) return undefined;
  const { 绩效自评年度, 项目编码, 项目名称 } = form.scored.form;
  return 项目编码
    ? `${绩效自评年度}|code|${项目编码}`
    : `${绩效自评年度}|name|${项目名称}|${unitName(form.scored.form)}`;
}

/** What changed in a pair; undefined when nothing a reader would see did. */
export function compareForms({ before, after }: FormPair, pages: PageCounts = {}): FormChange | undefined {
  const form = (after ?? before)!;
  const status: FormStatus = !before
    ? 'added'
    : !after
      ? 'removed'
      : before.file === after.file
        ? 'changed'
        : path.posix.dirname(before.file) === path.posix.dirname(after.file)
          ? 'renamed'
          : 'moved';
  const readable = (side?: CheckedForm): side is CheckedForm & { scored: ScoredForm } => !!side?.scored;
  const scored = readable(after) ? after.scored : readable(before) ? before.scored : undefined;
  const fields = readable(before) && readable(after) ? fieldChanges(before.scored, after.scored) : [];
  const results = readable(before) && readable(after) ? resultChanges(before.scored, after.scored) : [];
  if (before && after && (!readable(before) || !readable(after))) {
    // One side does not validate: what can still be said is its total, or that there is none.
    const total = (side: CheckedForm) =>
      readable(side) && !hasErrors(side.diagnostics) ? side.scored.总分.toFixed() : '—';
    if (total(before) !== total(after)) results.push({ label: '总分', old: total(before), new: total(after) });
  }
  if (pages.before !== undefined && pages.after !== undefined && pages.before !== pages.after)
    results.push({ label: '页数', old: String(pages.before), new: String(pages.after) });
  const unreadable = { before: !!before && !readable(before), after: !!after && !readable(after) };
  // A removed form's problems are gone with it, and a form that no longer reads hides its other
  // problems: neither counts as fixed.
  const diagnostics = {
    introduced: unmatched(after?.diagnostics ?? [], before?.diagnostics ?? []),
    fixed:
      after && (!unreadable.after || unreadable.before) ? unmatched(before?.diagnostics ?? [], after.diagnostics) : [],
  };
  const changed =
    status !== 'changed' ||
    fields.length > 0 ||
    results.length > 0 ||
    diagnostics.introduced.length > 0 ||
    diagnostics.fixed.length > 0 ||
    unreadable.before !== unreadable.after;
  if (!changed) return undefined;
  return {
    status,
    file: form.file,
    oldFile: status === 'renamed' || status === 'moved' ? before!.file : undefined,
    项目编码: scored?.form.项目编码,
    项目名称: scored?.form.项目名称,
    年度: scored?.form.绩效自评年度,
    单位: scored ? unitName(scored.form) : undefined,
    unreadable,
    fields,
    results,
    diagnostics,
    errors: (after?.diagnostics ?? []).filter((d) => d.severity === 'error'),
    总分: {
      before: readable(before) ? before.scored.总分.toFixed() : undefined,
      after: readable(after) ? after.scored.总分.toFixed() : undefined,
    },
  };
}

/** The diagnostics of `list` left over when each is paired with one of `others` of the same rule,
 *  severity and message (not place: lines move with every edit above them). */
function unmatched(list: readonly Diagnostic[], others: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => `${d.severity}\u0000${d.ruleId}\u0000${d.message}`;
  const available = new Map<string, number>();
  for (const d of others) available.set(key(d), (available.get(key(d)) ?? 0) + 1);
  return list.filter((d) => {
    const left = available.get(key(d)) ?? 0;
    available.set(key(d), left - 1);
    return left <= 0;
  });
}

export interface UnitSummary {
  年度?: number;
  单位?: string;
  changed: number;
  added: number;
  removed: number;
  /** Forms whose 总分 went up or down. */
  up: number;
  down: number;
  /** Forms whose computed 等级 changed. */
  grades: number;
  /** Problems the change brings (errors, warnings) and problems it solves. */
  newErrors: number;
  newWarnings: number;
  fixed: number;
  /** Forms with errors on the new side: they will not be published. */
  unpublished: number;
}

/** One line per year and unit, in order. */
export function summarize(changes: readonly FormChange[]): UnitSummary[] {
  const units = new Map<string, UnitSummary>();
  for (const change of changes) {
    const key = `${change.年度 ?? ''}\u0000${change.单位 ?? ''}`;
    const line = units.get(key) ?? {
      年度: change.年度,
      单位: change.单位,
      changed: 0,
      added: 0,
      removed: 0,
      up: 0,
      down: 0,
      grades: 0,
      newErrors: 0,
      newWarnings: 0,
      fixed: 0,
      unpublished: 0,
    };
    units.set(key, line);
    if (change.status === 'added') line.added += 1;
    else if (change.status === 'removed') line.removed += 1;
    else line.changed += 1;
    const { before, after } = change.总分 ?? {};
    if (before !== undefined && after !== undefined) {
      const difference = new Decimal(after).comparedTo(new Decimal(before));
      if (difference > 0) line.up += 1;
      if (difference < 0) line.down += 1;
    }
    if (change.results.some((result) => result.label === '等级')) line.grades += 1;
    const newErrors = change.diagnostics.introduced.filter((d) => d.severity === 'error').length;
    line.newErrors += newErrors;
    line.newWarnings += change.diagnostics.introduced.length - newErrors;
    line.fixed += change.diagnostics.fixed.length;
    if (change.errors.length > 0) line.unpublished += 1;
  }
  return [...units.values()].sort((a, b) => (a.年度 ?? 0) - (b.年度 ?? 0) || byCodePoint(a.单位 ?? '', b.单位 ?? ''));
}
