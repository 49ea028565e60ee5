// The checks overview: "select this page" ticks every row's box, and a bulk re-check's counts
// (done / waiting / failed) follow the workers until nothing waits, then the page reloads once
// to show the new answers.
(function () {
  "use strict";
  var all = document.querySelector("[data-select-all]");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll('input[name="ids"][form="bulk"]').forEach(function (box) {
        box.checked = all.checked;
      });
    });
  }
  var panel = document.querySelector("[data-progress-url]");
  if (!panel || panel.getAttribute("data-waiting") === "0") { return; }
  var url = panel.getAttribute("data-progress-url");
  function poll() {
    fetch(url, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        ["done", "waiting", "failed"].forEach(function (name) {
          var cell = panel.querySelector('[data-count="' + name + '"]');
          if (cell) { cell.textContent = String(data[name]); }
        });
        if (data.finished) {
          panel.querySelector("[data-finished]").hidden = false;
          window.setTimeout(function () { window.location.reload(); }, 1000);
          return;
        }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
