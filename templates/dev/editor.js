/* global Handlebars -- the browser build of handlebars, loaded by the page before this module */
// The browser editor of `jixiao dev`: the form as printed, edited like a spreadsheet. The page
// holds the source text; every change goes to /edit/api/evaluate (src/edit/protocol.ts), which
// answers with the new text, the computed values and the problems. Only 保存 writes the file.
import { cellKey, editorView, registerHelpers } from './editor-view.js';

const start = JSON.parse(document.getElementById('jx-start').textContent);
const token = document.querySelector('meta[name="jixiao-token"]').content;
const formElement = document.getElementById('jx-form');
const input = document.getElementById('jx-input');
const statusElement = document.getElementById('jx-status');
const notice = document.getElementById('jx-notice');

registerHelpers(Handlebars);
const template = Handlebars.compile(await (await fetch('/dev/editor-form.hbs')).text());

// The source as committed (every finished edit applied), the file's hash as last read or saved,
// and the text that is on disk, for the unsaved mark.
let file = start.file;
let base = start.base;
let committed = start.state?.text ?? '';
let saved = start.isNew ? null : committed;
let shown = start.state;
/** Finished edits sent but not yet answered: each request carries them all on `committed`. */
let pending = [];
let nextEditId = 1;
let lastRequest = 0;
let lastShown = 0;
let lastCommitted = 0;
const undoStack = [];
const redoStack = [];
/** The selected cell (its data-cell), and the edit under way in it, if any. */
let selected;
let editing;

// ---- Talking to the server ------------------------------------------------------------------

async function post(route, body) {
  const response = await fetch(`/edit/api/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-jixiao-token': token },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  return { status: response.status, answer };
}

/** Sends the committed text with the pending edits (and the edit being typed, if any). Only the
 *  newest answer is shown; the newest answer without a draft becomes the committed text. */
let settled = Promise.resolve();
function evaluate(draft) {
  const id = ++lastRequest;
  const edits = pending.map((entry) => entry.edit);
  if (draft) edits.push(draft);
  const upTo = pending.length ? pending[pending.length - 1].id : 0;
  const request = post('evaluate', { file, text: committed, edits }).then(({ status, answer }) => {
    if (status !== 200 || !answer.state) return showNotice(answer.error ?? answer.message ?? `检查失败（${status}）`);
    if (!draft && id > lastCommitted) {
      lastCommitted = id;
      if (answer.state.text !== committed && upTo > 0) {
        undoStack.push(committed);
        redoStack.length = 0;
      }
      committed = answer.state.text;
      pending = pending.filter((entry) => entry.id > upTo);
      markSaved();
    }
    if (id > lastShown) {
      lastShown = id;
      show(answer.state);
    }
  });
  settled = settled.then(() => request).catch(() => undefined);
  return request;
}

/** A finished change: applied by the server to the committed text. */
function change(...edits) {
  for (const edit of edits) pending.push({ id: nextEditId++, edit });
  markSaved();
  return evaluate();
}

let frame = 0;
/** The edit being typed, checked at the next frame: each keystroke, at most one request a frame. */
function evaluateDraft() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    if (editing) void evaluate({ op: 'set', path: JSON.parse(editing.key), text: input.value });
  });
}

// ---- Showing the form -----------------------------------------------------------------------

function show(state) {
  shown = state;
  if (editing) showLive(state);
  else render();
}

/** The whole form again (after a change of rows, or any finished change). */
function render() {
  if (!shown) return;
  formElement.innerHTML = template(editorView(shown));
  showProblems(shown);
  if (selected && !cellElement(selected)) selected = nearestCell(selected);
  select(selected ?? firstCell(), { keepEdit: true });
}

/** While a cell is being typed in: only the computed values and the problems change. */
function showLive(state) {
  for (const element of formElement.querySelectorAll('[data-computed]'))
    element.textContent = state.computed[element.dataset.computed] ?? '—';
  const view = editorView(state);
  const problems = new Map();
  const cells = [
    ...view.headerRows.flat(),
    ...view.fundRows.flatMap((row) => row.cells),
    ...view.sections,
    ...view.indicatorRows.flatMap((row) => row.cells ?? []),
  ];
  for (const cell of cells) if (cell.problem) problems.set(cell.key, cell.problem);
  for (const element of formElement.querySelectorAll('[data-cell]')) {
    const problem = problems.get(element.dataset.cell);
    if (problem) {
      element.dataset.problem = problem.severity;
      element.title = problem.text;
      element.setAttribute('aria-description', problem.text);
    } else {
      delete element.dataset.problem;
      element.removeAttribute('title');
      element.removeAttribute('aria-description');
    }
  }
  showProblems(state);
  showBubble(cellElement(editing?.key ?? selected));
}

/** The list at the side: every problem, as `jixiao check` says it; a click selects its cell. */
function showProblems(state) {
  const list = document.getElementById('jx-problems');
  const errors = state.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = state.diagnostics.length - errors;
  document.getElementById('jx-problems-title').textContent =
    state.diagnostics.length === 0 ? '没有问题' : `${errors} 个错误，${warnings} 个警告`;
  list.replaceChildren(
    ...state.diagnostics.map((diagnostic) => {
      const item = document.createElement('li');
      item.className = `jx-${diagnostic.severity}`;
      const place = document.createElement('span');
      place.className = 'jx-place';
      place.textContent = `${diagnostic.line}:${diagnostic.column}`;
      item.append(place, ` ${diagnostic.message}`);
      if (diagnostic.cell) {
        item.dataset.cell = diagnostic.cell;
        item.tabIndex = 0;
        item.addEventListener('click', () => select(diagnostic.cell));
      }
      return item;
    }),
  );
}

// ---- Cells and moving between them ----------------------------------------------------------

const cellElement = (key) => (key ? formElement.querySelector(`[data-cell="${CSS.escape(key)}"]`) : null);
const allCells = () => [...formElement.querySelectorAll('[data-cell]')];
const firstCell = () => allCells()[0]?.dataset.cell;

/** The cells in rows as they stand on screen, top to bottom, each row left to right. */
function screenRows() {
  const rows = [];
  for (const element of allCells()) {
    const box = element.getBoundingClientRect();
    const row = rows.find((candidate) => Math.abs(candidate.top - box.top) < 4);
    if (row) row.cells.push({ element, box });
    else rows.push({ top: box.top, cells: [{ element, box }] });
  }
  rows.sort((a, b) => a.top - b.top);
  for (const row of rows) row.cells.sort((a, b) => a.box.left - b.box.left);
  return rows;
}

function where(key) {
  const rows = screenRows();
  for (let r = 0; r < rows.length; r++) {
    const c = rows[r].cells.findIndex((cell) => cell.element.dataset.cell === key);
    if (c >= 0) return { rows, r, c };
  }
  return { rows, r: 0, c: 0 };
}

/** The key of the cell `direction` of the selected one. */
function neighbour(direction) {
  const { rows, r, c } = where(selected);
  if (rows.length === 0) return selected;
  const here = rows[r].cells[c];
  const centre = here ? here.box.left + here.box.width / 2 : 0;
  const closest = (row) =>
    row.cells.reduce((best, cell) =>
      Math.abs(cell.box.left + cell.box.width / 2 - centre) < Math.abs(best.box.left + best.box.width / 2 - centre) ? cell : best,
    ).element.dataset.cell;
  switch (direction) {
    case 'left':
      return rows[r].cells[Math.max(0, c - 1)].element.dataset.cell;
    case 'right':
      return rows[r].cells[Math.min(rows[r].cells.length - 1, c + 1)].element.dataset.cell;
    case 'up':
      return r > 0 ? closest(rows[r - 1]) : selected;
    case 'down':
      return r < rows.length - 1 ? closest(rows[r + 1]) : selected;
    case 'next':
      if (c < rows[r].cells.length - 1) return rows[r].cells[c + 1].element.dataset.cell;
      return r < rows.length - 1 ? rows[r + 1].cells[0].element.dataset.cell : selected;
    case 'previous':
      if (c > 0) return rows[r].cells[c - 1].element.dataset.cell;
      return r > 0 ? rows[r - 1].cells[rows[r - 1].cells.length - 1].element.dataset.cell : selected;
  }
  return selected;
}

/** After a row went away: the same column of the row now at its place, or of the one above, or
 *  the first cell of its group. */
function nearestCell(key) {
  const path = JSON.parse(key);
  const row = path.length >= 2 && typeof path[path.length - 2] === 'number' ? path.length - 2 : -1;
  if (row < 0) return firstCell();
  for (let index = path[row]; index >= 0; index--) {
    const candidate = cellKey([...path.slice(0, row), index, path[row + 1]]);
    if (cellElement(candidate)) return candidate;
  }
  return cellElement(cellKey([...path.slice(0, row), '不适用'])) ? cellKey([...path.slice(0, row), '不适用']) : firstCell();
}

/** Selects a cell; the input box stands over it, ready for what is typed (a Chinese input method
 *  included: what it produces starts the edit). */
function select(key, { keepEdit = false } = {}) {
  if (!keepEdit && editing) commit();
  const previous = formElement.querySelector('.jx-selected');
  previous?.classList.remove('jx-selected');
  previous?.removeAttribute('aria-selected');
  const element = cellElement(key);
  if (!element) return;
  selected = key;
  element.classList.add('jx-selected');
  element.setAttribute('aria-selected', 'true');
  element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  placeInput(element);
  showBubble(element);
  if (!editing) {
    input.value = '';
    input.setAttribute('aria-label', element.getAttribute('aria-label') ?? '单元格');
  }
  if (document.activeElement !== input && !document.querySelector('dialog[open]')) input.focus({ preventScroll: true });
}

/** The selected cell's problems, said beside it (the same words as in the list at the side). */
const bubble = document.getElementById('jx-bubble');
function showBubble(element) {
  const text = element?.dataset.problem ? element.title : '';
  bubble.hidden = text === '';
  if (!text) return;
  bubble.textContent = text;
  bubble.className = `jx-bubble jx-${element.dataset.problem}`;
  const box = element.getBoundingClientRect();
  bubble.style.left = `${box.left + scrollX}px`;
  bubble.style.top = `${box.bottom + scrollY + 4}px`;
}

function placeInput(element) {
  const box = element.getBoundingClientRect();
  input.style.left = `${box.left + scrollX}px`;
  input.style.top = `${box.top + scrollY}px`;
  input.style.width = `${Math.max(box.width, editing && 'multiline' in element.dataset ? 240 : 0)}px`;
  input.style.minHeight = `${box.height}px`;
  input.style.height = editing ? 'auto' : `${box.height}px`;
  if (editing) input.style.height = `${Math.max(box.height, input.scrollHeight)}px`;
}

/** Starts editing the selected cell: with its text (F2, double-click) or with what was typed. */
function beginEdit(keep) {
  const element = cellElement(selected);
  if (!element || element.classList.contains('jx-group-cell')) return false;
  const cell = textOf(selected);
  editing = { key: selected, before: cell };
  if (keep) input.value = cell;
  input.classList.add('jx-editing');
  placeInput(element);
  if (keep) input.setSelectionRange(input.value.length, input.value.length);
  return true;
}

/** A cell's text as the source has it (the element shows the same, as plain text). */
function textOf(key) {
  return cellElement(key)?.textContent ?? '';
}

/** Ends the edit and applies it, when it changed something. */
function commit() {
  if (!editing) return;
  const { key, before } = editing;
  const text = input.value;
  stopEditing();
  if (text === before) return void render();
  const element = cellElement(key);
  if (element) element.textContent = text;
  void change({ op: 'set', path: JSON.parse(key), text });
}

/** Ends the edit, the cell as it was: the last answer without the draft is shown again. */
function cancel() {
  if (!editing) return;
  stopEditing();
  void evaluate();
}

function stopEditing() {
  editing = undefined;
  input.classList.remove('jx-editing');
  input.value = '';
  const element = cellElement(selected);
  if (element) placeInput(element);
}

// ---- Keys -----------------------------------------------------------------------------------

const MOVES = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

// Keys pressed while rows are being added, removed or moved wait for the new rows to be shown:
// the cell they move from or type into is not on screen before.
let rowsChanging;
function changeRows(...edits) {
  const changing = change(...edits).finally(() => {
    if (rowsChanging === changing) rowsChanging = undefined;
  });
  rowsChanging = changing;
}
input.addEventListener('keydown', (event) => {
  if (!rowsChanging || editing || event.isComposing || event.keyCode === 229) return onKey(event);
  event.preventDefault();
  const { key, shiftKey, ctrlKey, metaKey, altKey } = event;
  const later = { key, shiftKey, ctrlKey, metaKey, altKey, preventDefault() {} };
  void rowsChanging.then(() => {
    if (key.length !== 1 || ctrlKey || metaKey || altKey) return onKey(later);
    if (!editing && !beginEdit(false)) return;
    input.setRangeText(key, input.selectionStart, input.selectionEnd, 'end');
    input.dispatchEvent(new Event('input'));
  });
});

function onKey(event) {
  if (event.isComposing || event.keyCode === 229) return;
  const control = event.ctrlKey || event.metaKey;
  const key = event.key;
  const handled = () => event.preventDefault();
  if (control && key.toLowerCase() === 's') return handled(), void save();
  if (editing) {
    const multiline = 'multiline' in (cellElement(editing.key)?.dataset ?? {});
    if (key === 'Escape') return handled(), cancel();
    if (key === 'Enter' && (event.altKey || control)) {
      handled();
      if (multiline) {
        input.setRangeText('\n', input.selectionStart, input.selectionEnd, 'end');
        input.dispatchEvent(new Event('input'));
      }
      return;
    }
    if (key === 'Enter') return handled(), commit(), select(neighbour(event.shiftKey ? 'up' : 'down'));
    if (key === 'Tab') return handled(), commit(), select(neighbour(event.shiftKey ? 'previous' : 'next'));
    if ((key === 'ArrowUp' || key === 'ArrowDown') && !multiline) return handled(), commit(), select(neighbour(MOVES[key]));
    return;
  }
  if (control && !event.altKey && key.toLowerCase() === 'z') return handled(), void (event.shiftKey ? redo() : undo());
  if (control && key.toLowerCase() === 'y') return handled(), void redo();
  if (control && event.altKey && key.toLowerCase() === 'n') return handled(), rowAction('notApplicable');
  if (control && key === 'Enter') return handled(), rowAction(event.shiftKey ? 'insertAbove' : 'insertBelow');
  if (control && key === 'Delete') return handled(), rowAction('remove');
  if (event.altKey && (key === 'ArrowUp' || key === 'ArrowDown')) return handled(), rowAction(key === 'ArrowUp' ? 'moveUp' : 'moveDown');
  if (MOVES[key]) return handled(), select(neighbour(MOVES[key]));
  if (key === 'Tab') return handled(), select(neighbour(event.shiftKey ? 'previous' : 'next'));
  if (key === 'Enter') return handled(), select(neighbour(event.shiftKey ? 'up' : 'down'));
  if (key === 'F2') return handled(), beginEdit(true);
  if (key === 'Delete' || key === 'Backspace') {
    handled();
    if (selected && !cellElement(selected)?.classList.contains('jx-group-cell') && textOf(selected) !== '') {
      cellElement(selected).textContent = '';
      void change({ op: 'set', path: JSON.parse(selected), text: '' });
    }
  }
}

// Whatever is typed into the box while a cell is only selected starts an edit that replaces it.
input.addEventListener('input', () => {
  if (!editing && !beginEdit(false)) return void (input.value = '');
  placeInput(cellElement(editing.key));
  evaluateDraft();
});
input.addEventListener('compositionstart', () => {
  if (!editing) beginEdit(false);
});

formElement.addEventListener('mousedown', (event) => {
  const element = event.target.closest('[data-cell]');
  if (!element) return;
  event.preventDefault();
  select(element.dataset.cell);
});
formElement.addEventListener('dblclick', (event) => {
  const element = event.target.closest('[data-cell]');
  if (element && !editing) beginEdit(true);
});
addEventListener('resize', () => selected && placeInput(cellElement(selected)));

// ---- Rows -----------------------------------------------------------------------------------

/** The indicator row the selected cell is on: its group's path and its index. */
function selectedRow() {
  const row = cellElement(selected)?.closest('tr[data-group]');
  if (!row) return undefined;
  return { group: JSON.parse(row.dataset.group), index: Number(row.dataset.index), empty: !!row.querySelector('.jx-group-cell') };
}

function rowAction(action) {
  if (editing) commit();
  const row = selectedRow();
  if (!row) return showNotice('先选中指标表中的一格');
  const rows = shownGroup(row.group)?.rows.length ?? 0;
  const column = JSON.parse(selected).at(-1);
  const at = (index) => cellKey([...row.group, index, typeof column === 'string' && column !== '不适用' ? column : shown.form.columns[0].key]);
  hideNotice();
  switch (action) {
    case 'insertAbove':
    case 'insertBelow': {
      if (row.empty) return rowAction('notApplicable');
      const index = action === 'insertAbove' ? row.index : row.index + 1;
      selected = at(index);
      return changeRows({ op: 'insertRows', group: row.group, index, count: 1 });
    }
    case 'remove':
      if (row.empty) return;
      return changeRows({ op: 'removeRow', group: row.group, index: row.index });
    case 'moveUp':
    case 'moveDown': {
      const to = action === 'moveUp' ? row.index - 1 : row.index + 1;
      if (row.empty || to < 0 || to >= rows) return;
      selected = at(to);
      return changeRows({ op: 'moveRow', group: row.group, from: row.index, to });
    }
    case 'notApplicable': {
      const value = !shownGroup(row.group)?.notApplicable;
      selected = value ? cellKey([...row.group, '不适用']) : at(0);
      return changeRows({ op: 'notApplicable', group: row.group, value });
    }
  }
}

const shownGroup = (path) => shown.form.groups.find((group) => cellKey(group.path) === cellKey(path));

for (const button of document.querySelectorAll('[data-row-action]')) {
  button.addEventListener('mousedown', (event) => event.preventDefault());
  button.addEventListener('click', () => rowAction(button.dataset.rowAction));
}

// ---- Paste ----------------------------------------------------------------------------------

// A block copied from Excel or WPS (tab-separated rows) pasted onto an indicator cell fills the
// rows from there, the columns in the printed order, adding rows past the group's last. Pasted
// onto any other cell, or a single value, it sets that cell.
input.addEventListener('paste', (event) => {
  if (editing) return;
  const text = event.clipboardData?.getData('text/plain') ?? '';
  event.preventDefault();
  if (!selected || text === '') return;
  const block = parseTsv(text);
  const row = selectedRow();
  const column = JSON.parse(selected).at(-1);
  const first = shown.form.columns.findIndex((c) => c.key === column);
  const single = block.length === 1 && block[0].length === 1;
  if (!row || row.empty || first < 0 || single) {
    if (row?.empty) return showNotice('这个二级指标是「不适用」：先用「不适用 / 指标」切换为指标再粘贴');
    const element = cellElement(selected);
    element.textContent = single ? block[0][0] : text.replace(/\r?\n$/, '');
    return void change({ op: 'set', path: JSON.parse(selected), text: element.textContent });
  }
  const columns = shown.form.columns.slice(first);
  const existing = shownGroup(row.group).rows.length;
  const edits = [];
  const added = [];
  block.forEach((values, offset) => {
    const index = row.index + offset;
    const cells = Object.fromEntries(values.slice(0, columns.length).map((value, c) => [columns[c].key, value]));
    if (index < existing)
      for (const [key, value] of Object.entries(cells)) edits.push({ op: 'set', path: [...row.group, index, key], text: value });
    else added.push(cells);
  });
  if (added.length) edits.push({ op: 'insertRows', group: row.group, index: existing, rows: added });
  changeRows(...edits);
});

/** Rows of tab-separated cells, as spreadsheets copy them: a cell with a tab, a line break or a
 *  quote is quoted, its quotes doubled. */
function parseTsv(text) {
  const rows = [[]];
  let cell = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"' && cell === '') {
      let end = i + 1;
      for (; end < text.length; end++) {
        if (text[end] === '"' && text[end + 1] === '"') end++;
        else if (text[end] === '"') break;
      }
      if (end < text.length && (end + 1 === text.length || /[\t\r\n]/.test(text[end + 1]))) {
        cell = text.slice(i + 1, end).replace(/""/g, '"');
        i = end;
        continue;
      }
    }
    if (char === '\t') {
      rows[rows.length - 1].push(cell);
      cell = '';
    }
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      rows[rows.length - 1].push(cell);
      cell = '';
      rows.push([]);
    } else cell += char;
  }
  rows[rows.length - 1].push(cell);
  if (rows.length > 1 && rows[rows.length - 1].length === 1 && rows[rows.length - 1][0] === '') rows.pop();
  return rows;
}

// ---- Undo, redo, save -----------------------------------------------------------------------

/** Undo takes the text from the undo stack and leaves the current one on the redo stack; redo
 *  the other way round. */
async function step(from, to) {
  await settled;
  if (from.length === 0) return;
  to.push(committed);
  committed = from.pop();
  markSaved();
  await evaluate();
}
const undo = () => step(undoStack, redoStack);
const redo = () => step(redoStack, undoStack);

document.getElementById('jx-undo').addEventListener('click', () => void undo());
document.getElementById('jx-redo').addEventListener('click', () => void redo());
document.getElementById('jx-save').addEventListener('click', () => void save());
for (const button of document.querySelectorAll('.jx-bar button')) button.addEventListener('mousedown', (e) => e.preventDefault());

const dirty = () => committed !== saved || pending.length > 0 || !!editing;

function markSaved() {
  const unsaved = dirty();
  document.title = `${unsaved ? '● ' : ''}编辑 ${shown?.form.header.find((c) => c.path[0] === '项目名称')?.text || file}`;
  statusElement.textContent = saved === null ? '新表单，尚未保存' : unsaved ? '有未保存的修改' : '已保存';
  statusElement.classList.toggle('jx-unsaved', unsaved);
}

/** The save under way: a change event that comes meanwhile (the save's own write) waits for it. */
let saving = Promise.resolve();
function save(options) {
  const run = saveNow(options);
  saving = run.catch(() => {});
  return run;
}

async function saveNow({ overwrite = false } = {}) {
  if (editing) commit();
  await settled;
  const { status, answer } = await post('save', { file, text: committed, base, ...(overwrite ? { overwrite: true } : {}) });
  if (status === 200) {
    base = answer.base;
    saved = committed;
    markSaved();
    if (location.pathname !== `/edit/${file}`) history.replaceState(null, '', `/edit/${file.split('/').map(encodeURIComponent).join('/')}`);
    return showNotice(`已保存到 ${file}`, 'ok');
  }
  if (status === 409 && answer.conflict) return askAboutConflict();
  showNotice(answer.error ?? answer.message ?? `没有保存（${status}）`);
}

/** The file changed on disk since it was read: the person chooses; nothing is written before. */
function askAboutConflict() {
  const dialog = document.getElementById('jx-conflict');
  dialog.returnValue = '';
  dialog.addEventListener(
    'close',
    () => {
      if (dialog.returnValue === 'overwrite') void save({ overwrite: true });
      else if (dialog.returnValue === 'reload') void reload();
      else showNotice('没有保存：磁盘上的文件已被修改');
      input.focus({ preventScroll: true });
    },
    { once: true },
  );
  dialog.showModal();
  dialog.querySelector('button[value="reload"]').focus();
}

/** The form as it is on disk, the edits here dropped. */
async function reload() {
  const response = await fetch(`/edit/api/form?file=${encodeURIComponent(file)}`);
  const answer = await response.json();
  if (!response.ok) return showNotice(answer.error ?? answer.message ?? '无法读取文件');
  base = answer.base;
  committed = saved = answer.state.text;
  pending = [];
  undoStack.length = redoStack.length = 0;
  lastShown = lastCommitted = ++lastRequest;
  stopEditing();
  shown = answer.state;
  render();
  markSaved();
  hideNotice();
}

addEventListener('beforeunload', (event) => {
  if (dirty()) event.preventDefault();
});

// A change in the content folder (the server watches it): nothing to do unless this form's file is
// no longer what this page read or saved (another file changed, or this page's own save); then
// shown again when nothing here is unsaved, a notice otherwise, never a reload that loses edits.
const version = document.querySelector('meta[name="jixiao-version"]').content;
new EventSource('/dev/events').addEventListener('message', (event) => {
  if (event.data === version || saved === null) return;
  void (async () => {
    await saving;
    const answer = await (await fetch(`/edit/api/base?file=${encodeURIComponent(file)}`)).json();
    if (answer.base === base) return;
    if (!dirty()) return void reload();
    showNotice('磁盘上的文件有改动，这里有未保存的修改：保存时可以选择重新载入或覆盖');
  })();
});

function showNotice(message, kind = 'warning') {
  notice.textContent = message;
  notice.className = `jx-notice jx-${kind}`;
  notice.hidden = false;
}
function hideNotice() {
  notice.hidden = true;
}

// ---- A new form: the dialog, then its template on screen ----------------------------------

if (start.isNew) {
  const dialog = document.getElementById('jx-new');
  const fields = document.getElementById('jx-new-form');
  fields.addEventListener('submit', async (event) => {
    event.preventDefault();
    const request = Object.fromEntries(new FormData(fields));
    const { status, answer } = await post('new', request);
    if (status !== 200) return void (document.getElementById('jx-new-error').textContent = answer.error ?? answer.message ?? `无法新建（${status}）`);
    if (answer.exists) {
      const link = `/edit/${answer.state.file.split('/').map(encodeURIComponent).join('/')}`;
      const message = document.getElementById('jx-new-error');
      message.textContent = `已有这份表单（${answer.state.file}）：`;
      const open = Object.assign(document.createElement('a'), { href: link, textContent: '打开它编辑' });
      return void message.append(open);
    }
    dialog.close();
    file = answer.state.file;
    document.getElementById('jx-file').textContent = file;
    committed = answer.state.text;
    base = null;
    shown = answer.state;
    render();
    markSaved();
  });
  dialog.addEventListener('cancel', (event) => event.preventDefault());
  dialog.showModal();
} else {
  if (!shown) await reload();
  render();
  markSaved();
}
// For the tests and the curious: the state as shown and the committed source.
window.jixiaoEditor = { get text() { return committed; }, get state() { return shown; }, get dirty() { return dirty(); }, settled: () => settled };
