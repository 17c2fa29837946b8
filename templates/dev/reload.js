// jixiao dev, in every page it serves.

// Reload when the files changed since the page was made. The server sends its version of the
// files when the page connects and after every change: a save made while this page was still
// loading, before it listened, reaches it too.
const version = document.currentScript.dataset.version;
new EventSource('/dev/events').addEventListener('message', (event) => {
  if (event.data !== version) location.reload();
});

// The form keeps its A4 width where there is room beside the panel, and is drawn smaller where
// there is not: the panel never covers it.
const form = document.querySelector('main.form');
function fitForm() {
  if (!form) return;
  const root = document.documentElement;
  root.style.removeProperty('--jx-zoom');
  const body = getComputedStyle(document.body);
  const room = document.body.clientWidth - parseFloat(body.paddingLeft) - parseFloat(body.paddingRight);
  root.style.setProperty('--jx-zoom', String(Math.min(1, room / form.offsetWidth)));
}
addEventListener('resize', fitForm);
fitForm();

// The panel folds to a strip and stays folded or open across reloads and forms.
const panel = document.querySelector('.jx-panel');
const foldButton = panel?.querySelector('.jx-fold');
const FOLDED = 'jixiao-dev-panel-folded';
function fold(folded) {
  localStorage.setItem(FOLDED, folded ? 'yes' : 'no');
  document.documentElement.classList.toggle('jx-folded', folded);
  foldButton.setAttribute('aria-expanded', String(!folded));
  foldButton.title = folded ? '展开问题面板' : '收起问题面板';
  fitForm();
}
if (foldButton) {
  fold(localStorage.getItem(FOLDED) === 'yes');
  foldButton.addEventListener('click', () => fold(!document.documentElement.classList.contains('jx-folded')));
}

// Rows with problems: marked around and in the margin (dev.css), their problems as the row's
// tooltip and in the panel, linked both ways. Nothing is written into the form's cells.
for (const link of document.querySelectorAll('.jx-panel li a[href^="#jx-row-"]')) {
  const id = link.getAttribute('href').slice(1);
  const row = document.querySelector(`table.indicators tr[data-row="${id.slice('jx-row-'.length)}"]`);
  if (!row) continue;
  row.id = id;
  row.classList.add('jx-flagged');
  if (link.closest('li').classList.contains('jx-error')) row.classList.add('jx-flagged-error');
  row.title = row.title ? `${row.title}\n${link.textContent}` : link.textContent;
  row.addEventListener('click', () => showProblemsOf(id));
}

/** Opens the panel on the problems of one row. */
function showProblemsOf(id) {
  if (document.documentElement.classList.contains('jx-folded')) fold(false);
  const links = [...document.querySelectorAll(`.jx-panel li a[href="#${id}"]`)];
  for (const item of document.querySelectorAll('.jx-panel li')) item.classList.toggle('jx-current', links.some((link) => item.contains(link)));
  links[0]?.scrollIntoView({ block: 'nearest' });
}
