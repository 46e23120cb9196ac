// The page `slicewise serve` shows at `/`: pick a dataset and models, and the dashboard renders
// from Arrow fetched over the API (the runtime is served at /static/slicewise-runtime.js). Its one
// inline script is allowed by its hash in the page's Content-Security-Policy.
import { createHash } from "node:crypto";

/** The page's script, as the page carries it (the CSP hashes exactly these characters). */
const pageScript = `(function () {
  var $ = function (id) { return document.getElementById(id); };
  var mounted = null;
  var datasetInfo = null;
  // The URL the server prints carries its token: keep it for this tab, and out of the address bar.
  var query = new URLSearchParams(location.search);
  if (query.get("token")) {
    sessionStorage.setItem("slicewise-token", query.get("token"));
    query.delete("token");
    history.replaceState(null, "", location.pathname + (query.toString() ? "?" + query : ""));
  }
  var token = sessionStorage.getItem("slicewise-token") || "";
  function status(text, isError) { $("status").textContent = text; $("status").className = "sw-page-status" + (isError ? " sw-error" : ""); }
  function api(path, init) {
    init = init || {};
    init.headers = Object.assign({}, init.headers || {}, token ? { Authorization: "Bearer " + token } : {});
    return fetch("api/v1" + path, init).then(function (response) {
      if (response.ok || response.status === 304) return response;
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.status === 401) { $("token-box").hidden = false; $("token").focus(); }
        var error = body.error || { code: "http_" + response.status, message: response.statusText };
        throw new Error(error.message + " [" + error.code + "]");
      });
    });
  }
  // Samples and the standard change only with a commit: the page keeps the last answer of each route
  // and asks whether it is still current (If-None-Match; 304 when it is), so that a second Evaluate does
  // not fetch half a megabyte of samples again beside the evaluation.
  var copies = {};
  function current(path, init, read) {
    init = init || {};
    var asked = init.body || "";
    var copy = copies[path] && copies[path].asked === asked ? copies[path] : null;
    if (copy) init.headers = Object.assign({}, init.headers || {}, { "If-None-Match": copy.tag });
    return api(path, init).then(function (response) {
      if (response.status === 304 && copy) return copy.value;
      return read(response).then(function (value) {
        var tag = response.headers.get("ETag");
        if (tag) copies[path] = { asked: asked, tag: tag, value: value }; else delete copies[path];
        return value;
      });
    });
  }
  // The embedding the "Embedding map" tab shows (src/export/reportProjection.ts chooses the same way):
  // a column of numbers lists, "embedding" first, clustered within the classes of the standard's
  // classification ground truth. The embedding itself ("more like this") comes for up to 20,000 rows.
  function mapRequest(info, standard) {
    var lists = info.columns.filter(function (c) { return /^(FLOAT|DOUBLE|REAL|TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)\\[\\d*\\]$/.test(c.type); }).map(function (c) { return c.name; });
    if (lists.length === 0) return null;
    var names = info.columns.map(function (c) { return c.name; });
    var request = { embedding: lists.indexOf("embedding") >= 0 ? "embedding" : lists[0], include_embedding: info.rows <= 20000 };
    (standard.metric_groups || []).forEach(function (group) { (group.metrics || []).forEach(function (metric) {
      if (!request.label && metric.kind === "classification" && names.indexOf(metric.gt) >= 0) { request.label = metric.gt; request.clusters = true; }
    }); });
    return request;
  }
  function option(select, value, selected) { var o = document.createElement("option"); o.value = value; o.textContent = value; o.selected = !!selected; select.append(o); }
  function params() { return new URLSearchParams(location.search); }
  function loadDatasets() {
    status("Loading datasets…");
    return api("/datasets").then(function (r) { return r.json(); }).then(function (body) {
      var select = $("dataset"); select.replaceChildren();
      if (body.datasets.length === 0) { status("No datasets yet. Upload one with the client (uploadDataset) or \`slicewise upload\`, then reload."); return; }
      var wanted = params().get("dataset");
      body.datasets.forEach(function (name) { option(select, name, name === wanted); });
      return loadModels();
    }).catch(function (error) { status(error.message, true); });
  }
  function loadModels() {
    var dataset = $("dataset").value;
    return api("/datasets/" + encodeURIComponent(dataset)).then(function (r) { return r.json(); }).then(function (info) {
      datasetInfo = info;
      var box = $("models"); box.querySelectorAll("label").forEach(function (l) { l.remove(); });
      var wanted = (params().get("models") || "").split(",").filter(Boolean);
      info.models.forEach(function (m) {
        var label = document.createElement("label"); var input = document.createElement("input");
        input.type = "checkbox"; input.value = m.model; input.checked = wanted.length ? wanted.indexOf(m.model) >= 0 : true; input.dataset.role = "model";
        label.append(input, document.createTextNode(m.model)); box.append(label);
      });
      var reference = $("reference"); reference.replaceChildren();
      info.models.forEach(function (m) { option(reference, m.model, m.model === params().get("reference")); });
      if (info.models.length === 0) { status("Dataset " + dataset + " has no model results yet: upload some with uploadResults."); return; }
      if (info.quality_standard_version === null) { status("Dataset " + dataset + " has no quality standard yet: set one with setQualityStandard."); return; }
      return evaluate();
    }).catch(function (error) { status(error.message, true); });
  }
  function evaluate() {
    var dataset = $("dataset").value;
    if (!dataset) return Promise.resolve();
    var models = [].slice.call(document.querySelectorAll("input[data-role=model]:checked")).map(function (i) { return i.value; });
    var reference = $("reference").value;
    if (models.indexOf(reference) < 0) models.unshift(reference);
    history.replaceState(null, "", "?" + new URLSearchParams({ dataset: dataset, models: models.join(","), reference: reference }));
    status("Evaluating " + models.length + " models on " + dataset + "…");
    var body = function (value) { return { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(value) }; };
    var started = performance.now();
    var standard = current("/datasets/" + encodeURIComponent(dataset) + "/quality-standard", {}, function (r) { return r.json(); });
    // A projection the platform refuses (no datapoint with every model's result) leaves the tab out and says why.
    var mapNote = "";
    var projection = standard.then(function (value) {
      var request = datasetInfo && datasetInfo.name === dataset ? mapRequest(datasetInfo, value) : null;
      if (!request) return null;
      request.models = models;
      return current("/datasets/" + encodeURIComponent(dataset) + "/projection", body(request), function (r) { return r.arrayBuffer(); })
        .catch(function (error) { mapNote = " Embedding map: " + error.message; return null; });
    });
    // A standard with a detection metric adds its precision–recall curves and confusion matrices.
    var detection = standard.then(function (value) {
      var detects = (value.metric_groups || []).some(function (g) { return g.metrics.some(function (m) { return m.kind === "detection"; }); });
      if (!detects) return null;
      return api("/datasets/" + encodeURIComponent(dataset) + "/detection-charts", body({ models: models, reference: reference })).then(function (r) { return r.arrayBuffer(); });
    });
    return Promise.all([
      api("/datasets/" + encodeURIComponent(dataset) + "/evaluate", body({ models: models, reference: reference })).then(function (r) {
        var info = JSON.parse(r.headers.get("X-Slicewise-Evaluation") || "{}");
        return r.arrayBuffer().then(function (b) { return { bytes: new Uint8Array(b), info: info }; });
      }),
      current("/datasets/" + encodeURIComponent(dataset) + "/samples", body({ models: models, limit: 20000, test_case_columns: true }), function (r) { return r.arrayBuffer(); }),
      standard,
      projection,
      detection
    ]).then(function (answers) {
      if (mounted) mounted.destroy();
      var info = answers[0].info;
      // The slicer saves test cases back to this server, with the page's token.
      var slicer = { dataset: dataset, models: models, reference: reference, standard: answers[2], idFields: datasetInfo ? datasetInfo.id_fields : undefined,
        datapoints: info.datapoints, platform: { url: new URL(".", location.href).href.replace(/[/]+$/, ""), token: token || null } };
      // The gallery saves chosen samples as a test case to this server too.
      var gallery = { dataset: dataset, idFields: slicer.idFields, platform: slicer.platform };
      mounted = slicewise.dashboard($("dashboard"), { results: answers[0].bytes, samples: new Uint8Array(answers[1]), projection: answers[3] ? new Uint8Array(answers[3]) : null,
        detection: answers[4] ? new Uint8Array(answers[4]) : null,
        options: { height: Math.max(560, window.innerHeight - 120), slicer: slicer, gallery: gallery, map: { dataset: dataset, idFields: slicer.idFields, platform: slicer.platform } } });
      status(dataset + " (commit " + info.dataset_commit + "): " + (info.datapoints || 0).toLocaleString() + " datapoints, " + (info.excluded_datapoints || 0).toLocaleString() + " left out; reference " + reference + ". " + Math.round(performance.now() - started) + " ms." + mapNote);
    }).catch(function (error) { status(error.message, true); });
  }
  $("controls").addEventListener("submit", function (event) { event.preventDefault(); evaluate(); });
  $("dataset").addEventListener("change", loadModels);
  $("token").addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); $("token").blur(); } });
  $("token").addEventListener("change", function () { token = $("token").value; sessionStorage.setItem("slicewise-token", token); $("token-box").hidden = true; loadDatasets(); });
  $("theme").addEventListener("click", function () {
    var dark = document.body.dataset.theme ? document.body.dataset.theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
    document.body.dataset.theme = dark ? "light" : "dark";
    document.querySelectorAll("#dashboard.slicewise, #dashboard .slicewise").forEach(function (e) { e.dataset.theme = document.body.dataset.theme; });
    $("dashboard").dataset.theme = document.body.dataset.theme;
  });
  if (typeof slicewise === "undefined") { status("The widget runtime did not load (static/slicewise-runtime.js); rebuild with npm run build.", true); return; }
  loadDatasets();
})();
`;

/** The page's Content-Security-Policy: its own script and runtime, Arrow over the same origin,
 *  images as data:/blob: URLs, the worst-slice search's blob: worker, and no framing. */
export function dashboardPageCsp(): string {
  const scriptHash = createHash("sha256").update(pageScript, "utf8").digest("base64");
  return [
    "default-src 'none'",
    `script-src 'self' 'sha256-${scriptHash}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src blob:",
    "font-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function dashboardPageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>slicewise</title>
<style>
  html, body { margin: 0; min-height: 100%; }
  [hidden] { display: none !important; }
  body.slicewise { padding: 16px 24px 32px; }
  .sw-page-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 16px; margin-bottom: 14px; }
  .sw-page-bar h1 { font-size: 17px; margin: 0 8px 0 0; font-weight: 650; letter-spacing: -0.01em; }
  .sw-page-bar label { color: var(--sw-fg-muted); font-size: 12px; display: inline-flex; align-items: center; gap: 6px; }
  .sw-page-bar fieldset { border: none; margin: 0; padding: 0; display: inline-flex; gap: 8px; align-items: center; color: var(--sw-fg-muted); font-size: 12px; }
  .sw-page-bar fieldset label { color: var(--sw-fg); }
  .sw-page-bar select, .sw-page-bar input[type=password] { font: inherit; font-size: 12px; color: var(--sw-fg); background: var(--sw-bg); border: 1px solid var(--sw-border); border-radius: 4px; padding: 3px 6px; }
  .slicewise .sw-page-bar button.sw-primary, .slicewise .sw-page-bar button.sw-primary:hover { background: var(--sw-accent); color: var(--sw-on-accent, #fff); border-color: var(--sw-accent); }
  .sw-page-status { font-size: 12px; color: var(--sw-fg-muted); min-height: 18px; margin-bottom: 8px; }
  .sw-page-status.sw-error { color: var(--slicewise-regressed); }
  .sw-page-spacer { flex: 1; }
</style>
</head>
<body class="slicewise">
<header>
<form class="sw-page-bar" id="controls">
  <h1>slicewise</h1>
  <label>Dataset <select id="dataset" data-role="dataset"></select></label>
  <fieldset id="models"><legend style="float:left;margin-right:6px">Models</legend></fieldset>
  <label>Reference <select id="reference" data-role="reference"></select></label>
  <button class="sw-button sw-primary" type="submit" id="evaluate">Evaluate</button>
  <span class="sw-page-spacer"></span>
  <label id="token-box" hidden>Token <input type="password" id="token" autocomplete="off"></label>
  <button class="sw-button" type="button" id="theme" title="Switch between light and dark">◐</button>
</form>
</header>
<main>
<div class="sw-page-status" id="status" role="status"></div>
<div id="dashboard"></div>
</main>
<script src="static/slicewise-runtime.js"></script>
<script>${pageScript}</script>
</body>
</html>
`;
}
