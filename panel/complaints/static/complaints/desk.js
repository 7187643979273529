// The registration form (panel.complaints.registration): the criteria's live verdict, the
// transferring authority only for transferred complaints, the vehicle or trip fields of a
// business with both, and the reason field only when a manager chooses a lower severity.
(function ($) {
  "use strict";
  var form = document.querySelector("form.admin-form");
  var live = form && form.querySelector(".desk-live");
  if (!form || !live || !$) {
    return;
  }
  var RANK = { general: 0, major: 1, special_major: 2 };
  // The browser would stop at the first empty required field; the server lists every error.
  form.noValidate = true;
  var timer = null;
  var asked = 0;

  function group(id) {
    var field = document.getElementById(id);
    return field ? field.closest(".form-group") : null;
  }

  function showGroup(id, shown) {
    var element = group(id);
    if (element) {
      element.classList.toggle("desk-hidden", !shown);
    }
  }

  function value(id) {
    var field = document.getElementById(id);
    return field ? field.value : "";
  }

  function hasValue(id) {
    return value(id) !== "" || (group(id) && group(id).querySelector(".invalid-feedback"));
  }

  function regulator() {
    showGroup("regulator_name", value("channel") === "regulator" || hasValue("regulator_name"));
  }

  function lowering() {
    var computed = live.querySelector("[data-computed]");
    var chosen = value("severity");
    var below = computed && RANK[chosen] !== undefined &&
      RANK[chosen] < RANK[computed.getAttribute("data-computed")];
    showGroup("severity_lowered_reason", below || hasValue("severity_lowered_reason"));
  }

  function vehicleOrTrip() {
    var choice = form.querySelector("input[name=_desk_kind]:checked");
    if (!choice) {
      return;
    }
    var trip = choice.value === "trip";
    ["vehicle_model", "repair_order_no"].forEach(function (id) { showGroup(id, !trip); });
    ["trip_at", "trip_route"].forEach(function (id) { showGroup(id, trip); });
  }

  function ask() {
    var mine = ++asked;
    fetch(live.getAttribute("data-url"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (answer && mine === asked) {
        live.innerHTML = answer.html; // made and escaped by the server
        lowering();
      }
    }).catch(function () { /* the verdict stays as it was; saving judges anyway */ });
  }

  function later(event) {
    if (event && event.target && event.target.name === "_desk_kind") {
      vehicleOrTrip();
      return;
    }
    regulator();
    lowering();
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 300);
  }

  // A complaint about a trip opens on the trip fields.
  if (hasValue("trip_at") || hasValue("trip_route")) {
    var trip = form.querySelector("input[name=_desk_kind][value=trip]");
    if (trip) {
      trip.checked = true;
      $(trip).closest(".btn-group").find(".btn").removeClass("active");
      $(trip).closest(".btn").addClass("active");
    }
  }
  regulator();
  lowering();
  vehicleOrTrip();
  $(form).on("input change", later);
})(window.jQuery);
