/* Staff console: the rules table's filter box (rows stay in the page; only their visibility changes). */
(function () {
  "use strict";
  var filter = document.getElementById("rule-filter");
  var table = document.getElementById("rules-table");
  var countLine = document.getElementById("rule-count");
  if (!filter || !table || !countLine) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var texts = rows.map(function (row) {
    return row.textContent.toLowerCase();
  });
  var pending = null;

  function apply() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, index) {
      var match = words.every(function (word) {
        return texts[index].indexOf(word) !== -1;
      });
      row.hidden = !match;
      if (match) shown += 1;
    });
    countLine.textContent = words.length
      ? "Showing " + shown + " of " + rows.length + " rules."
      : "Showing all " + rows.length + " rules.";
  }

  filter.addEventListener("input", function () {
    // Wait for a pause in typing so screen readers are not flooded with counts.
    window.clearTimeout(pending);
    pending = window.setTimeout(apply, 250);
  });
  apply();
})();
