// Keeps the bell's unread count fresh while a page stays open (every 30 seconds).
(function () {
  "use strict";
  var bell = document.querySelector("[data-testid=bell]");
  if (!bell || !window.fetch) {
    return;
  }
  var badge = bell.querySelector("[data-testid=bell-count]");
  var url = bell.getAttribute("data-unread-url");
  function refresh() {
    window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        badge.textContent = String(data.unread);
        badge.classList.toggle("d-none", !data.unread);
        window.setTimeout(refresh, 30000);
      })
      .catch(function () { /* logged out or offline: stop asking */ });
  }
  window.setTimeout(refresh, 30000);
})();
