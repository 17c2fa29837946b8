// Filtering and sorting of the index table. Plain script: works from file:// and any static server.
(function () {
  var table = document.getElementById('forms');
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById('filter-text');
  var year = document.getElementById('filter-year');
  var unit = document.getElementById('filter-unit');
  var grade = document.getElementById('filter-grade');
  var count = document.getElementById('filter-count');

  function filter() {
    var needle = text.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var match = (!needle || (d.name + ' ' + d.code + ' ' + d.unit).toLowerCase().indexOf(needle) >= 0)
        && (!year.value || d.year === year.value)
        && (!unit.value || d.unit === unit.value)
        && (!grade.value || d.grade === grade.value);
      row.hidden = !match;
      if (match) shown += 1;
    });
    count.value = shown === rows.length ? rows.length + ' 个项目' : '显示 ' + shown + ' / ' + rows.length + ' 个项目';
  }

  function sort(button) {
    var th = button.parentElement;
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    var key = button.dataset.sort;
    var numeric = button.dataset.type === 'number';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.setAttribute('aria-sort', 'none'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    rows.sort(function (a, b) {
      var x = a.dataset[key], y = b.dataset[key];
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y, 'zh-CN');
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  [text, year, unit, grade].forEach(function (input) { input.addEventListener('input', filter); });
  table.tHead.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-sort]');
    if (button) sort(button);
  });
  document.querySelector('form.filters').addEventListener('submit', function (event) { event.preventDefault(); });
})();
