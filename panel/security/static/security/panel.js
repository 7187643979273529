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
  }, true); // capture: before any handler that stops the click from bubbling
  document.addEventListener("submit", function (event) {
    var button = event.submitter || event.target.querySelector("[data-confirm]");
    var message = button && button.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);

  // x-editable reads JSON options (the choices of an inline select) with `new Function`,
  // which the policy forbids (no 'unsafe-eval'): parse them as the JSON they are. This runs
  // on DOM ready before Flask-Admin's form.js sets up the inline editors.
  if (window.jQuery) {
    window.jQuery(function ($) {
      // Date pickers in the page's language, not the picker's English "Apply" and "Cancel".
      var words = document.querySelector('meta[name="panel-date-picker"]');
      var picker = $.fn.daterangepicker;
      if (words && picker) {
        var locale = JSON.parse(words.getAttribute("content"));
        $.fn.daterangepicker = function (options, callback) {
          var given = options || {};
          var merged = $.extend({}, given, { locale: $.extend({}, locale, given.locale) });
          return picker.call(this, merged, callback);
        };
      }
      // An inline editor of an empty value reads "(空)", not x-editable's English "Empty".
      var empty = document.querySelector('meta[name="panel-empty-text"]');
      if (empty && $.fn.editable && $.fn.editable.defaults) {
        $.fn.editable.defaults.emptytext = empty.getAttribute("content");
      }
      var utils = $.fn.editableutils;
      if (!utils || !utils.tryParseJson) {
        return;
      }
      utils.tryParseJson = function (text, safe) {
        if (typeof text === "string" && /^[\{\[].*[\}\]]$/.test(text)) {
          try {
            return JSON.parse(text);
          } catch (error) {
            if (!safe) {
              throw error;
            }
          }
        }
        return text;
      };
    });
  }
})();
