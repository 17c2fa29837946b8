// The browser editor's view of an EditorState (src/edit/protocol.ts): what editor-form.hbs shows.
// Plain JS, loaded both by the dev server (the first paint) and by the page (every re-render), so
// that one template and one view make the form in both places.

/** A path as one string, the same as protocol.ts's cellKey. */
export const cellKey = (path) => JSON.stringify(path);

/** Cells edited in a multi-line box, where Alt-Enter or Ctrl-Enter adds a line. */
const MULTILINE_COLUMNS = new Set(['偏差原因分析及改进措施']);

export function editorView(state) {
  const { form, computed } = state;
  const problems = problemsByCell(state.diagnostics);
  const cell = (c) => {
    const key = cellKey(c.path);
    const problem = problems.get(key);
    return {
      key,
      label: c.label,
      kind: c.kind,
      text: c.text,
      required: c.required,
      multiline: c.kind === 'prose' || MULTILINE_COLUMNS.has(String(c.path[c.path.length - 1])),
      figure: c.kind === 'money' || c.kind === 'figure' || c.kind === 'year',
      empty: c.text === '',
      column: typeof c.path[c.path.length - 1] === 'string' ? c.path[c.path.length - 1] : undefined,
      problem,
    };
  };
  const shown = (path) => ({ key: cellKey(path), text: computed[cellKey(path)] ?? '—' });
  const half = Math.ceil(form.header.length / 2);
  return {
    headerRows: [form.header.slice(0, half).map(cell), form.header.slice(half).map(cell)],
    fundsTotal: [0, 1, 2].map((index) => shown(['项目资金', '年度资金总额', index])),
    fundsWeight: shown(['资金分值']),
    rate: shown(['执行率']),
    fundsScore: shown(['资金得分']),
    fundRows: form.funds.map((row) => ({ label: row.row, cells: row.cells.map(cell) })),
    sections: form.sections.map(cell),
    columns: form.columns,
    columnCount: form.columns.length,
    indicatorRows: indicatorRows(form, cell),
    total: shown(['总分']),
    grade: shown(['等级']),
  };
}

/** The indicator table's rows as printed: 一级 and 二级 spanning their rows, a 不适用 二级 on a row
 *  of its own. Each row knows its group and index, for the row operations. */
function indicatorRows(form, cell) {
  const rows = [];
  const levelRows = new Map();
  for (const group of form.groups) {
    const count = group.notApplicable ? 1 : Math.max(1, group.rows.length);
    levelRows.set(group.一级指标, (levelRows.get(group.一级指标) ?? 0) + count);
  }
  const total = [...levelRows.values()].reduce((sum, count) => sum + count, 0);
  let lastLevel;
  for (const group of form.groups) {
    const groupKey = cellKey(group.path);
    const count = group.notApplicable ? 1 : Math.max(1, group.rows.length);
    const first = {
      side: rows.length === 0 ? { rowspan: total } : undefined,
      firstLevel: group.一级指标 !== lastLevel ? { rowspan: levelRows.get(group.一级指标), label: group.一级指标 } : undefined,
      secondLevel: { rowspan: count, label: group.二级指标 },
    };
    lastLevel = group.一级指标;
    if (group.notApplicable || group.rows.length === 0) {
      rows.push({ ...first, group: groupKey, index: 0, notApplicable: group.notApplicable, empty: !group.notApplicable,
        placeholderKey: cellKey([...group.path, '不适用']), label: `${group.二级指标}：不适用` });
      continue;
    }
    group.rows.forEach((cells, index) => {
      rows.push({ ...(index === 0 ? first : {}), group: groupKey, index, cells: cells.map(cell) });
    });
  }
  return rows;
}

/** Each cell's diagnostics: the worst severity and the messages, as `jixiao check` words them. */
function problemsByCell(diagnostics) {
  const problems = new Map();
  for (const diagnostic of diagnostics) {
    if (!diagnostic.cell) continue;
    const problem = problems.get(diagnostic.cell) ?? { severity: 'warning', messages: [] };
    if (diagnostic.severity === 'error') problem.severity = 'error';
    problem.messages.push(diagnostic.message);
    problems.set(diagnostic.cell, problem);
  }
  for (const problem of problems.values()) problem.text = problem.messages.join('\n');
  return problems;
}

/** The helpers editor-form.hbs uses, given to the Handlebars of the server and of the page. */
export function registerHelpers(handlebars) {
  handlebars.registerHelper('add', (a, b) => Number(a) + Number(b));
}
