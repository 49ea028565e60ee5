// The recruiter page updates by itself: it asks the connector every few seconds whether the
// check changed, and reloads when it did (the applicant approved, refused, or the day ended).
(function () {
  "use strict";
  var root = document.querySelector("[data-status-url]");
  if (!root) { return; }
  var url = root.getAttribute("data-status-url");
  var version = root.getAttribute("data-version");
  var delay = 3000;
  function poll() {
    fetch(url, { cache: "no-store", credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.version !== version) { window.location.reload(); return; }
        if (data && data.final) { return; }
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, delay * 3); });
  }
  window.setTimeout(poll, delay);

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      if (navigator.clipboard) {
        navigator.clipboard.writeText(text).then(function () {
          var label = button.textContent;
          button.textContent = button.getAttribute("data-copied") || "✓";
          window.setTimeout(function () { button.textContent = label; }, 1500);
        });
      }
    });
  });
})();
