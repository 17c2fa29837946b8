// jixiao dev: reload the page when a form or the configuration changes.
new EventSource('/dev/events').addEventListener('message', () => location.reload());

// Mark the indicator rows that have problems, with the problems as a note beside the row.
const rows = document.getElementById('jx-rows');
if (rows) {
  for (const [index, messages] of Object.entries(JSON.parse(rows.textContent))) {
    const row = document.querySelector(`tr[data-row="${index}"]`);
    if (!row) continue;
    row.classList.add('jx-flagged');
    const note = document.createElement('div');
    note.className = 'jx-note';
    note.textContent = messages.join('；');
    row.lastElementChild.append(note);
  }
}
