/* aigak: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  /* Reader: a highlight shows its records; a record's "Show in text" scrolls to its evidence. */
  function factsOf(el) { return (el.getAttribute("data-facts") || "").split(" ").filter(Boolean); }
  function clearActive() {
    document.querySelectorAll(".fact-card.active").forEach(function (c) { c.classList.remove("active"); });
    document.querySelectorAll(".hl.flash").forEach(function (h) { h.classList.remove("flash"); });
  }
  function showRecords(ids) {
    clearActive();
    var first = null;
    ids.forEach(function (id) {
      var card = document.getElementById("card-" + id);
      if (card) { card.classList.add("active"); first = first || card; }
    });
    if (first) { first.scrollIntoView({ block: "nearest", behavior: "smooth" }); }
  }
  function showEvidence(id) {
    clearActive();
    var spans = Array.prototype.filter.call(document.querySelectorAll(".hl"), function (h) {
      return factsOf(h).indexOf(String(id)) !== -1;
    });
    spans.forEach(function (h) { h.classList.add("flash"); });
    var card = document.getElementById("card-" + id);
    if (card) { card.classList.add("active"); }
    if (spans.length) { spans[0].scrollIntoView({ block: "center", behavior: "smooth" }); }
  }
  var text = document.getElementById("doc-text");
  if (text) {
    text.addEventListener("click", function (ev) {
      var hl = ev.target.closest(".hl");
      if (hl) { showRecords(factsOf(hl)); }
    });
    text.addEventListener("keydown", function (ev) {
      var hl = ev.target.closest(".hl");
      if (hl && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); showRecords(factsOf(hl)); }
    });
    document.querySelectorAll(".show-evidence").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        showEvidence(a.getAttribute("data-fact"));
        history.replaceState(null, "", "#f" + a.getAttribute("data-fact"));
      });
    });
    var m = /^#f(\d+)$/.exec(location.hash);
    if (m) { showEvidence(m[1]); }
  }

  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  /* Review (the queue and a fact's own page): keyboard shortcuts C confirm, R reject, E correct, N skip. */
  if (document.getElementById("review-actions")) {
    document.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
      var tag = (ev.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "select" || tag === "textarea") { return; }
      var key = ev.key.toLowerCase();
      if (key === "c") { ev.preventDefault(); document.getElementById("confirm-form").requestSubmit(); }
      else if (key === "r") { ev.preventDefault(); document.getElementById("reject-form").requestSubmit(); }
      else if (key === "n") { var s = document.getElementById("skip-link"); if (s) { ev.preventDefault(); s.click(); } }
      else if (key === "e") {
        ev.preventDefault();
        var d = document.getElementById("correct-details");
        d.open = true;
        var f = d.querySelector("select, input:not([type=hidden])");
        if (f) { f.focus(); }
      }
    });
  }

  /* Upload: one request per file, with a progress bar each. */
  var form = document.getElementById("upload-form");
  if (form && window.FormData && window.XMLHttpRequest) {
    var list = document.getElementById("upload-list");
    function row(name) {
      var li = document.createElement("li");
      var n = document.createElement("span"); n.textContent = name;
      var p = document.createElement("progress"); p.max = 100; p.value = 0;
      var s = document.createElement("span"); s.className = "muted"; s.textContent = "waiting";
      li.appendChild(n); li.appendChild(p); li.appendChild(s); list.appendChild(li);
      return { progress: p, status: s };
    }
    function send(file, ui) {
      return new Promise(function (resolve) {
        var xhr = new XMLHttpRequest();
        var data = new FormData();
        data.append("files", file, file.name);
        xhr.open("POST", "/api/documents?extract=true");
        xhr.setRequestHeader("X-CSRF-Token", csrf);
        xhr.upload.addEventListener("progress", function (e) {
          if (e.lengthComputable) { ui.progress.value = Math.round(e.loaded / e.total * 90); }
          ui.status.textContent = e.loaded >= e.total ? "extracting facts…" : "uploading…";
        });
        xhr.addEventListener("load", function () {
          ui.progress.value = 100;
          var body = {};
          try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
          ui.status.textContent = "";
          if (xhr.status === 200 && body.results && body.results.length) {
            var r = body.results[0];
            if (r.document_id) {
              var a = document.createElement("a");
              a.href = "/sources/" + r.document_id;
              a.textContent = (r.created ? "stored" : "already stored") + " as #" + r.document_id +
                " · " + r.facts + " facts";
              ui.status.appendChild(a);
            } else { ui.status.textContent = r.error || "refused"; }
          } else { ui.status.textContent = body.error || ("failed (" + xhr.status + ")"); }
          resolve();
        });
        xhr.addEventListener("error", function () { ui.status.textContent = "the connection failed"; resolve(); });
        xhr.send(data);
      });
    }
    /* Show the new sources in the list below without leaving the page (and its upload results). */
    function refreshTable() {
      fetch(location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        ["sources-table", "sources-count"].forEach(function (id) {
          var now = document.getElementById(id), next = fresh.getElementById(id);
          if (now && next) { now.replaceWith(next); }
        });
      });
    }
    form.addEventListener("submit", function (ev) {
      var input = document.getElementById("files");
      if (!input.files.length) { return; }
      ev.preventDefault();
      list.textContent = "";
      var files = Array.prototype.slice.call(input.files);
      var rows = files.map(function (f) { return row(f.name); });
      files.reduce(function (chain, f, i) {
        return chain.then(function () { return send(f, rows[i]); });
      }, Promise.resolve()).then(function () {
        input.value = "";
        refreshTable();
      });
    });
  }
})();
