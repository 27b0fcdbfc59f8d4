// The workspace's little script: live progress over server-sent events,
// filters that apply on change, and a confirmation before deleting. Every
// page works without it.
(function () {
  "use strict";
  var progress = document.getElementById("progress");
  if (progress && window.EventSource) {
    var src = new EventSource("/api/runs/" + progress.dataset.run + "/events");
    src.addEventListener("progress", function (e) {
      var p = JSON.parse(e.data);
      var status = document.getElementById("status");
      if (status) { status.className = "status " + p.status; }
      (p.stages || []).forEach(function (s) {
        var li = progress.querySelector('li[data-stage="' + s.name + '"]');
        if (!li) { src.close(); location.reload(); return; }
        li.className = s.state;
        var st = li.querySelector(".state");
        if (st) { st.textContent = s.ms ? s.ms.toFixed(0) + " ms" : s.state; }
      });
      if (p.status !== "queued" && p.status !== "running") { src.close(); location.reload(); }
    });
    src.onerror = function () { src.close(); setTimeout(function () { location.reload(); }, 2000); };
  }
  var filters = document.getElementById("filters");
  if (filters) {
    filters.querySelectorAll("select").forEach(function (s) {
      s.addEventListener("change", function () { filters.requestSubmit ? filters.requestSubmit() : filters.submit(); });
    });
  }
  document.querySelectorAll("form.confirm").forEach(function (f) {
    f.addEventListener("submit", function (e) { if (!window.confirm(f.dataset.confirm)) { e.preventDefault(); } });
  });
})();
