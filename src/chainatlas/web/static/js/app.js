// ChainAtlas pages: CSRF header on every script request, ECharts charts, the upload page.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // htmx requests carry the session's CSRF token like forms do.
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  // Every element with data-chart holds a complete ECharts option as JSON.
  function drawCharts() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) { return; }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(JSON.parse(el.getAttribute("data-chart")));
      el.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  // Upload: one request per file (so each has its own progress bar) → one job per file;
  // job ids are kept in localStorage so a reload shows the same rows and keeps polling.
  var STORE = "chainatlas.uploads";

  function remembered() {
    try { return JSON.parse(localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }

  function remember(entry) {
    var list = remembered().filter(function (e) { return e.key !== entry.key; });
    list.unshift(entry);
    localStorage.setItem(STORE, JSON.stringify(list.slice(0, 30)));
  }

  function label(table, state) {
    return table.getAttribute("data-label-" + state) || state;
  }

  function rowFor(table, key, name) {
    var row = table.querySelector('tr[data-key="' + key + '"]');
    if (!row) {
      row = document.createElement("tr");
      row.setAttribute("data-key", key);
      for (var i = 0; i < 5; i++) { row.appendChild(document.createElement("td")); }
      row.cells[0].textContent = name;
      row.cells[2].className = "num";
      table.tBodies[0].insertBefore(row, table.tBodies[0].firstChild);
    }
    return row;
  }

  function showFile(table, row, file) {
    row.className = "upload-" + file.status;
    row.cells[1].textContent = label(table, file.status);
    row.cells[2].textContent = String(file.added);
    row.cells[3].textContent = "";
    file.projects.forEach(function (project) {
      var link = document.createElement("a");
      link.href = "/projects/" + project.id;
      link.textContent = project.name;
      link.className = "project-link";
      row.cells[3].appendChild(link);
      row.cells[3].appendChild(document.createTextNode(" "));
    });
    row.cells[4].textContent = file.errors.join("; ");
  }

  function poll(table, entry) {
    fetch("/api/v1/uploads/" + entry.job, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json().then(function (body) { return [response, body]; }); })
      .then(function (pair) {
        var row = rowFor(table, entry.key, entry.name);
        if (!pair[0].ok) {
          row.className = "upload-error";
          row.cells[1].textContent = label(table, "error");
          row.cells[4].textContent = pair[1].error ? pair[1].error.message : String(pair[0].status);
          return;
        }
        var file = pair[1].files[0];
        showFile(table, row, file);
        if (pair[1].status !== "done") { setTimeout(function () { poll(table, entry); }, 800); }
      });
  }

  function send(table, file) {
    var key = Date.now() + "-" + Math.random().toString(36).slice(2);
    var row = rowFor(table, key, file.name);
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    row.cells[1].textContent = label(table, "uploading") + " ";
    row.cells[1].appendChild(bar);
    var form = new FormData();
    form.append("files", file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/uploads");
    xhr.setRequestHeader("X-CSRF-Token", csrfToken());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) { bar.value = Math.round(100 * event.loaded / event.total); }
    };
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
      if (xhr.status !== 202) {
        row.className = "upload-error";
        row.cells[1].textContent = label(table, "error");
        row.cells[4].textContent = body.error ? body.error.message : "HTTP " + xhr.status;
        return;
      }
      var entry = { key: key, job: body.id, name: file.name };
      remember(entry);
      poll(table, entry);
    };
    xhr.send(form);
  }

  function setUpUpload() {
    var table = document.getElementById("upload-results");
    if (!table) { return; }
    remembered().slice().reverse().forEach(function (entry) { poll(table, entry); });
    var zone = document.getElementById("dropzone");
    var input = document.getElementById("upload-input");
    if (!zone || !input) { return; }
    function sendAll(files) { Array.prototype.forEach.call(files, function (f) { send(table, f); }); }
    input.addEventListener("change", function () { sendAll(input.files); input.value = ""; });
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      sendAll(event.dataTransfer.files);
    });
  }

  // Region page: a click on a graph node or on its list entry shows that node's panel.
  function setUpNodePanels() {
    document.querySelectorAll("[data-node-panels]").forEach(function (el) {
      var side = document.getElementById(el.getAttribute("data-node-panels"));
      if (!side) { return; }
      function show(nodeId) {
        side.querySelectorAll(".node-panel").forEach(function (panel) {
          panel.hidden = panel.getAttribute("data-node") !== nodeId;
        });
        side.querySelectorAll(".node-pick").forEach(function (button) {
          button.classList.toggle("active", button.getAttribute("data-node") === nodeId);
        });
      }
      side.querySelectorAll(".node-pick").forEach(function (button) {
        button.addEventListener("click", function () { show(button.getAttribute("data-node")); });
      });
      var chart = window.echarts && window.echarts.getInstanceByDom(el);
      if (chart) {
        chart.on("click", function (params) {
          if (params.dataType === "node" && params.data) { show(params.data.id); }
        });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    setUpNodePanels();
    setUpUpload();
  });
})();
