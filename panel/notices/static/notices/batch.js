// Batch printing: ask the server to print the next step until the batch is done.
(function () {
  "use strict";
  var box = document.getElementById("batch");
  if (!box || box.dataset.finished === "true") { return; }
  var script = document.currentScript;
  var label = script ? script.dataset.doneLabel : "";
  var bar = document.getElementById("batch-bar");
  var status = document.getElementById("batch-status");
  var skipped = document.getElementById("batch-skipped");

  function show(p) {
    var percent = p.total ? Math.round(100 * p.position / p.total) : 100;
    bar.style.width = percent + "%";
    bar.setAttribute("aria-valuenow", p.position);
    status.textContent = label + " " + p.position + " / " + p.total;
    skipped.textContent = "";
    p.skipped.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item[0] + ": " + item[1];
      skipped.appendChild(li);
    });
    if (p.finished) {
      document.getElementById("batch-pdf").href = p.pdf_url || "#";
      document.getElementById("batch-download").hidden = !p.pdf_url;
    }
  }

  function step() {
    var body = new URLSearchParams({ csrf_token: box.dataset.csrf });
    fetch(box.dataset.stepUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (p) {
      show(p);
      if (!p.finished) { step(); }
    }).catch(function (error) {
      status.textContent += " — " + error;
    });
  }
  step();
})();
