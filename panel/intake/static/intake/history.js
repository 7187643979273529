/* Earlier complaints of the phone number or plate typed on the registration form, shown
   beside the form with a "link as repeat" choice (panel.intake.admin.HistoryView). A static
   script under the Content-Security-Policy: no inline code, text set with textContent. */
(function () {
  "use strict";
  if (!/\/complaint\/new\/?$/.test(window.location.pathname)) {
    return;
  }
  var phone = document.querySelector("form [name=complainant_phone]");
  var plate = document.querySelector("form [name=plate_number]");
  if (!phone && !plate) {
    return;
  }
  var form = (phone || plate).form;
  var script = document.currentScript;
  var endpoint = script.src.replace(/\/intake\/static\/intake\/history\.js.*$/, "/admin/intake-history/");
  var chosen = {};
  var timer = null;
  var panel = document.createElement("aside");
  panel.className = "card card-body mb-3 d-none";
  panel.setAttribute("data-testid", "repeat-history");
  var anchor = (plate || phone).closest(".form-group") || (plate || phone).parentNode;
  anchor.parentNode.insertBefore(panel, anchor.nextSibling);

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function toggle(id, on) {
    var existing = form.querySelector("input[name=repeat_of][value='" + id + "']");
    if (on && !existing) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "repeat_of";
      input.value = String(id);
      form.appendChild(input);
    } else if (!on && existing) {
      existing.parentNode.removeChild(existing);
    }
    chosen[id] = on;
  }

  function render(data) {
    panel.textContent = "";
    var title = document.createElement("h3");
    title.className = "h6";
    title.textContent = data.title;
    panel.appendChild(title);
    if (!data.complaints.length) {
      var none = document.createElement("p");
      none.className = "text-muted small mb-0";
      none.textContent = data.empty;
      panel.appendChild(none);
      return;
    }
    var table = document.createElement("table");
    table.className = "table table-sm mb-0";
    var head = table.createTHead().insertRow();
    data.headings.concat([""]).forEach(function (text) {
      var th = document.createElement("th");
      th.textContent = text;
      head.appendChild(th);
    });
    var body = table.createTBody();
    data.complaints.forEach(function (c) {
      var row = body.insertRow();
      row.setAttribute("data-complaint", c.number);
      var link = document.createElement("a");
      link.href = c.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = c.number;
      cell(row, "").appendChild(link);
      cell(row, c.received);
      cell(row, c.status);
      cell(row, c.category);
      var label = document.createElement("label");
      label.className = "mb-0 small";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "mr-1";
      box.setAttribute("data-repeat-of", c.id);
      box.checked = !!chosen[c.id];
      box.addEventListener("change", function () { toggle(c.id, box.checked); });
      label.appendChild(box);
      label.appendChild(document.createTextNode(data.link_label));
      cell(row, "").appendChild(label);
    });
    panel.appendChild(table);
  }

  function lookUp() {
    var query = new URLSearchParams({
      phone: phone ? phone.value.trim() : "",
      plate: plate ? plate.value.trim() : ""
    });
    if (!query.get("phone") && !query.get("plate")) {
      panel.classList.add("d-none");
      return;
    }
    fetch(endpoint + "?" + query.toString(), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data) {
        render(data);
        panel.classList.remove("d-none");
      }
    }).catch(function () { /* the form works without the history */ });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, 350);
  }

  [phone, plate].forEach(function (input) {
    if (input) {
      input.addEventListener("input", later);
      input.addEventListener("change", later);
    }
  });
  if ((phone && phone.value) || (plate && plate.value)) {
    lookUp();
  }
}());
