// What Flask-Admin's inline handlers did, now that the Content-Security-Policy forbids them.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : event.target.parentElement;
    var link = target && target.closest('a[href^="javascript:"]');
    if (!link) {
      return;
    }
    event.preventDefault(); // "javascript:void(0)" placeholders never navigate
    var action = link.getAttribute("data-model-action");
    if (action && window.modelActions) {
      window.modelActions.execute(action); // bulk action of the ticked rows
    }
  });
  document.addEventListener("submit", function (event) {
    var button = event.submitter || event.target.querySelector("[data-confirm]");
    var message = button && button.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);
})();
