// What changed between two versions of one form, in the form's own labels and with values as they
// are printed: the fields written in the source, then the figures jixiao computes from them.
import { NOT_APPLICABLE } from '../schema/form.ts';
import type { ScoredForm, ScoredIndicator, ScoredSecondLevel } from '../score/form.ts';
import { Decimal } from '../score/decimal.ts';
import {
  fieldValue,
  FORM_FIELDS,
  FUNDS_COLUMNS,
  FUNDS_ROWS,
  FUNDS_TOTAL,
  indicatorFields,
  type IndicatorField,
} from '../schema/fields.ts';
import { figure, money } from '../render/view.ts';

/** One value, old → new. A field: null where it is not written (added or removed). A result: '—'
 *  where it cannot be computed. */
export interface ValueChange {
  label: string;
  old: string | null;
  new: string | null;
}

/** Every written field whose value differs, in the order of the printed form. */
export function fieldChanges(before: ScoredForm, after: ScoredForm): ValueChange[] {
  const changes: ValueChange[] = [];
  const add = (label: string, old: string | null, now: string | null) => {
    if (old !== now) changes.push({ label, old, new: now });
  };
  // The header and the published total and grade, as the source names them.
  for (const { key, kind, diffLabel } of FORM_FIELDS)
    add(diffLabel, written(before.form[key], kind === 'money'), written(after.form[key], kind === 'money'));

  for (const row of [FUNDS_TOTAL, ...FUNDS_ROWS] as const) {
    const [old, now] = [before.form.项目资金[row], after.form.项目资金[row]];
    const label = row === FUNDS_TOTAL ? `${FUNDS_TOTAL}（填写）` : row;
    FUNDS_COLUMNS.forEach((column, index) =>
      add(`${label} ${column}`, old ? money(old[index]!) : null, now ? money(now[index]!) : null),
    );
  }

  for (const section of ['预期目标', '实际完成情况'] as const) {
    const [old, now] = [before.form[section], after.form[section]];
    const count = Math.max(old.length, now.length);
    for (let index = 0; index < count; index += 1)
      add(count > 1 ? `${section} 第 ${index + 1} 段` : section, old[index] ?? null, now[index] ?? null);
  }

  // The name pairs old and new indicators; every other column of the layout is compared.
  const [name, ...columns] = indicatorFields(after.layout);
  for (const { label, pairs, before: oldGroup, after: newGroup } of indicatorPairs(before, after)) {
    if (oldGroup.notApplicable !== newGroup.notApplicable) {
      add(
        label,
        oldGroup.notApplicable ? NOT_APPLICABLE : `${oldGroup.indicators.length} 项指标`,
        newGroup.notApplicable ? NOT_APPLICABLE : `${newGroup.indicators.length} 项指标`,
      );
    }
    for (const [old, now] of pairs) {
      if (!now) add(`${label}「${old!.三级指标}」`, summary(old!, columns), null);
      else if (!old) add(`${label}「${now.三级指标}」`, null, summary(now, columns));
      else {
        add(`${label}「${old.三级指标}」${name!.key}`, old.三级指标, now.三级指标);
        for (const field of columns)
          add(`${label}「${now.三级指标}」${field.key}`, indicatorValue(old, field), indicatorValue(now, field));
      }
    }
  }
  return changes;
}

/** The computed figures that differ: indicator scores, totals per 一级, funds, 执行率, 总分, 等级. */
export function resultChanges(before: ScoredForm, after: ScoredForm): ValueChange[] {
  const changes: ValueChange[] = [];
  const add = (label: string, old: string, now: string) => {
    if (old !== now) changes.push({ label, old, new: now });
  };
  for (const { label, pairs } of indicatorPairs(before, after)) {
    for (const [old, now] of pairs) {
      if (!old || !now) continue;
      add(`${label}「${now.三级指标}」建议得分`, suggested(old), suggested(now));
      // A declared 得分 on both sides is already a field change; a computed one is a result.
      if (old.declared === undefined || now.declared === undefined)
        add(`${label}「${now.三级指标}」得分`, score(old.score), score(now.score));
    }
  }
  for (const level of after.indicators) {
    const old = before.indicators.find((candidate) => candidate.name === level.name);
    if (old) add(`${level.name} 得分合计`, figure(old.得分合计), figure(level.得分合计));
  }
  for (const column of FUNDS_COLUMNS)
    add(`年度资金总额 ${column}`, money(before.funds.total[column]), money(after.funds.total[column]));
  add('执行率', rate(before), rate(after));
  add('执行率得分', figure(before.funds.得分), figure(after.funds.得分));
  add('总分', figure(before.总分), figure(after.总分));
  add('等级', before.等级, after.等级);
  return changes;
}

interface GroupPairs {
  /** The 二级 name, with its 一级 where the layout uses that 二级 name twice. */
  label: string;
  before: ScoredSecondLevel;
  after: ScoredSecondLevel;
  /** Indicators of the group matched old ↔ new: by name, then the rest by position (a rename). */
  pairs: Array<[ScoredIndicator | undefined, ScoredIndicator | undefined]>;
}

function indicatorPairs(before: ScoredForm, after: ScoredForm): GroupPairs[] {
  const groups = (scored: ScoredForm) =>
    scored.indicators.flatMap((level) => level.groups.map((group) => ({ level: level.name, group })));
  const oldGroups = groups(before);
  const newGroups = groups(after);
  const repeated = (name: string) => newGroups.filter((entry) => entry.group.name === name).length > 1;
  const result: GroupPairs[] = [];
  for (const { level, group } of newGroups) {
    const old = oldGroups.find((entry) => entry.level === level && entry.group.name === group.name)?.group;
    if (!old) continue; // another layout: the 版式 change says so
    result.push({
      label: repeated(group.name) ? `${level}·${group.name}` : group.name,
      before: old,
      after: group,
      pairs: matchIndicators(old.indicators, group.indicators),
    });
  }
  return result;
}

function matchIndicators(old: readonly ScoredIndicator[], now: readonly ScoredIndicator[]): GroupPairs['pairs'] {
  const unmatched = new Set(old);
  const byName = now.map((indicator) => {
    const match = [...unmatched].find((candidate) => candidate.三级指标 === indicator.三级指标);
    if (match) unmatched.delete(match);
    return match;
  });
  // What is left on both sides, in order: renamed indicators.
  const leftover = [...unmatched];
  const pairs: GroupPairs['pairs'] = now.map((indicator, index) => [byName[index] ?? leftover.shift(), indicator]);
  for (const removed of leftover) pairs.push([removed, undefined]);
  return pairs;
}

function written(value: unknown, isMoney = false): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (value instanceof Decimal) return isMoney ? money(value) : figure(value);
  return String(value);
}

/** A field of an indicator as written; an omitted 得分 is computed, and says so. */
function indicatorValue(indicator: ScoredIndicator, field: IndicatorField): string | null {
  if (field.kind === 'score') return indicator.declared ? figure(indicator.declared) : '未填（按规则计算）';
  return written(fieldValue(indicator, field));
}

/** An indicator added or removed, in a line: its target, actual, 分值 and the 得分 that counts. */
function summary(indicator: ScoredIndicator, columns: readonly IndicatorField[]): string {
  const shown = (field: IndicatorField) =>
    field.kind === 'score' ? score(indicator.score) : (written(fieldValue(indicator, field)) ?? '');
  return columns
    .filter((field) => field.inSummary)
    .map((field) => `${field.key} ${shown(field)}`)
    .join('，');
}

const score = (value: Decimal | undefined): string => (value === undefined ? '—' : figure(value));

function suggested(indicator: ScoredIndicator): string {
  const { score: value, band } = indicator.suggestion;
  if (value !== undefined) return figure(value);
  if (band) return `${figure(band.min)}–${figure(band.max)}（${band.name}）`;
  return '—';
}

function rate(scored: ScoredForm): string {
  return scored.layout.执行率显示 === '小数'
    ? scored.funds.执行率.div(100).toFixed(2)
    : `${figure(scored.funds.执行率)}%`;
}
