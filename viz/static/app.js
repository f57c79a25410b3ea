// The explorer's entry point: wires the search box, the three views, the side panels and the
// URL state together. Each part lives in its own module under js/.

import * as api from "./js/api.js";
import { ChainView } from "./js/chain.js";
import { DetailsPanel } from "./js/details.js";
import { $, $all, escapeHtml } from "./js/dom.js";
import { DossierView } from "./js/dossier.js";
import { Explorer } from "./js/explorer.js";
import { exportCsv, exportPng } from "./js/exporting.js";
import { Filters } from "./js/filters.js";
import { FindingsPanel } from "./js/findings.js";
import { SearchBox } from "./js/search.js";
import { readState, writeState } from "./js/state.js";

window.cytoscape.use(window.cytoscapeDagre);
window.cytoscape.use(window.cytoscapeFcose);

const ui = {
  search: $("#search"), suggestions: $("#suggestions"), region: $("#region"), cap: $("#cap"), depth: $("#depth"),
  status: $("#status"), emptyGraph: $("#empty-graph"), dossierTopic: $("#dossier-topic"),
};
let view = "graph";
let restoring = true;

// Tests and scripts wait on this: "1" while anything is loading, "0" when the page is idle.
let pending = 0;
function busy(promise) {
  pending += 1;
  document.body.dataset.busy = "1";
  return Promise.resolve(promise).catch((err) => {
    setStatus(err.message || String(err), true);
    return null;
  }).finally(() => {
    pending -= 1;
    if (!pending) document.body.dataset.busy = "0";
  });
}

function setStatus(text, error = false) {
  ui.status.textContent = text;
  ui.status.classList.toggle("error", error);
}

const explorer = new Explorer($("#cy"), {
  onSelect: (node) => selectNode(node),
  onChange: () => graphChanged(),
  onStatus: (text) => setStatus(text),
  onExpand: (id) => busy(explorer.expand(id, { cap: Number(ui.cap.value) })),
  onMore: (id) => busy(explorer.more(id)),
});
explorer.defaultCap = Number(ui.cap.value);

const filters = new Filters({
  kindsBox: $("#filter-kinds"), typesBox: $("#filter-types"), legendBox: $("#legend"),
  onChange: () => { filters.apply(explorer.cy); sync(); },
});

const findings = new FindingsPanel({
  list: $("#findings"), chips: $("#findings-filter"), count: $("#findings-count"),
  onOpen: (f) => busy(openFinding(f)),
  onChain: (id) => busy(openChain(id)),
  onFocusNode: (id) => busy(focusNode(id)),
});

const details = new DetailsPanel($("#details"), {
  onFocus: (id) => busy(focusNode(id)),
  onExpand: (id) => busy(explorer.expand(id, { cap: Number(ui.cap.value) })),
  onChain: (id) => busy(openChain(id)),
  onDossier: (topic) => busy(openDossier(topic)),
  onExpandGroup: (id, group) => busy(explorer.expandGroup(id, group)),
  onExpandRel: (id, rel) => busy(explorer.expand(id, { cap: Number(ui.cap.value), rel })),
  onHide: (id) => { explorer.hide([id]); details.clear(); selectedId = ""; setStatus("已隐藏节点；点击“撤销”可恢复。"); sync(); },
  onPathFrom: (id, name) => { pathFrom = { id, name }; setStatus(`最短路径：起点为「${name}」，请选择终点后点击“到此的最短路径”。`); },
  onPathTo: (id) => (pathFrom ? busy(openPath(pathFrom.id, id)) : setStatus("请先在一个节点的详情中点击“设为路径起点”。", true)),
  pathFrom: () => pathFrom,
  findingsFor: (id) => findings.forNode(id),
});
let pathFrom = null;

const chain = new ChainView($("#cy-chain"), {
  title: $("#chain-title"), empty: $("#empty-chain"), choices: $("#chain-choices"),
  onChoose: (id) => busy(openChain(id)),
  onSelect: (node) => { if (!node.id().startsWith("missing:")) selectNode(node); },
  onStatus: (text) => setStatus(text),
});

const dossier = new DossierView($("#dossier"), {
  onFocus: (id) => busy(focusNode(id)),
  onStatus: (text) => setStatus(text),
});

const searchBox = new SearchBox(ui.search, ui.suggestions, {
  getRegion: () => ui.region.value,
  onChoose: (row) => busy(showNode(row.id, row.name)),
  onError: (err) => setStatus(err.message, true),
  onNone: (q) => setStatus(`没有找到与「${q}」相关的事项、部门、地区或法律。`, true),
  track: (promise) => busy(promise),
});

// ---- state ------------------------------------------------------------------------------
let selectedId = "";
// What was searched for the view on screen (not what is being typed now: typing is no new view).
let shownQuery = "";

function sync() {
  if (restoring) return;
  writeState({
    view, q: shownQuery, node: explorer.focusId, sel: selectedId, region: ui.region.value,
    depth: ui.depth.value !== "1" ? ui.depth.value : "", cap: ui.cap.value !== "150" ? ui.cap.value : "",
    hide: [...filters.hiddenKinds], hidetypes: [...filters.hiddenTypes],
    exp: [...explorer.expanded].filter((id) => id !== explorer.focusId),
    finding: findings.openKey, item: view === "chain" ? chain.itemId : "", topic: view === "dossier" ? dossier.topic : "",
    pfrom: pathView ? pathView.from : "", pto: pathView ? pathView.to : "",
  });
}

// The note of what the caps hid, on the canvas: a reader must know the picture is not all.
function renderCapNote() {
  const hidden = explorer.hiddenSummary();
  const box = $("#cap-note");
  box.hidden = !hidden.length;
  if (!hidden.length) return;
  const total = hidden.reduce((s, h) => s + h.hidden, 0);
  box.innerHTML = `<strong>未全部显示：还有 ${total} 个邻居不在图中</strong><ul>${hidden.slice(0, 6).map((h) =>
    `<li>${escapeHtml(h.anchorName)} · ${escapeHtml(h.groupZh)}：显示 ${h.shown} / ${h.total} 个</li>`).join("")}`
    + `${hidden.length > 6 ? `<li>另有 ${hidden.length - 6} 组……</li>` : ""}</ul><span class="muted">点击图中虚线框「再显示」节点，每次多显示 20 个。</span>`;
}

function graphChanged() {
  renderCapNote();
  filters.render(explorer.cy, { withFindings: findings.loaded });
  filters.apply(explorer.cy);
  findings.mark(explorer.cy);
  ui.emptyGraph.hidden = explorer.size > 0;
  sync();
}

// ---- actions ----------------------------------------------------------------------------
function setView(name) {
  view = name;
  for (const tab of $all(".view-tab")) tab.classList.toggle("active", tab.dataset.view === name);
  for (const box of $all(".view")) box.classList.toggle("active", box.id === `view-${name}`);
  if (name === "graph") explorer.cy.resize();
  if (name === "chain") chain.resize();
  sync();
}

function setTab(name) {
  for (const tab of $all(".tab")) tab.classList.toggle("active", tab.dataset.tab === name);
  for (const box of $all(".tab-body")) box.classList.toggle("active", box.id === `tab-${name}`);
}

function selectNode(node) {
  selectedId = node.id();
  setTab("details");
  details.show(node.data());
  sync();
}

async function showNode(id, query = "") {
  setView("graph");
  pathView = null;
  const node = await explorer.show(id, { depth: Number(ui.depth.value), cap: Number(ui.cap.value) });
  shownQuery = query;
  if (node && node.nonempty()) {
    node.select();
    selectNode(node);
  }
}

// Bring a node onto the canvas if needed, then centre and select it.
async function focusNode(id) {
  setView("graph");
  if (explorer.size === 0) {
    await showNode(id);
    return;
  }
  pathView = null;
  await explorer.ensure([id]);
  const node = explorer.focus(id);
  if (node.nonempty()) selectNode(node);
}

// A finding opens on a fresh canvas: its own nodes and their nearest neighbours, nothing else,
// so that what it is about is not lost among what was there before.
async function openFinding(f) {
  setView("graph");
  const ids = (f.nodes || []).filter(Boolean);
  if (!ids.length) return;
  await explorer.show(ids[0], { depth: 1, cap: 40 });
  await explorer.ensure(ids);
  findings.mark(explorer.cy);
  const cy = explorer.cy;
  const nodes = cy.collection(ids.map((id) => cy.getElementById(id)).filter((n) => n.nonempty()));
  cy.elements(".finding-edge").removeClass("finding-edge");
  for (const e of f.edges || []) cy.getElementById(`${e.src}|${e.rel}|${e.dst}|`).addClass("finding-edge");
  cy.nodes(":selected").unselect();
  nodes.select();
  cy.nodes(".focus").removeClass("focus");
  nodes.addClass("focus");
  explorer.fit(nodes.closedNeighborhood());
  setStatus(`发现：${f.title_zh}（涉及 ${ids.length} 个节点；依据见右侧“发现”面板）`);
  sync();
}

// The shortest chain of relationships between two nodes, alone on the canvas, left to right.
async function openPath(from, to) {
  setView("graph");
  const data = await api.path(from, to);
  await explorer.showPath(data);
  pathView = { from, to };
  setStatus(`最短路径：${data.length} 步，${data.nodes.map((n) => n.name).join(" → ")}`);
  sync();
}
let pathView = null;

async function openChain(itemId) {
  setView("chain");
  await chain.show(itemId, ui.region.value);
  sync();
}

async function openDossier(topic) {
  ui.dossierTopic.value = topic;
  setView("dossier");
  await dossier.show(topic, ui.region.value);
  sync();
}

async function loadFindings() {
  setTab("findings");
  await findings.load(ui.region.value);
  graphChanged();
  setStatus(`已载入 ${findings.rows.length} 条发现${ui.region.value ? "" : "（全部地区）"}`);
}

function currentCy() {
  return view === "chain" && chain.cy ? chain.cy : explorer.cy;
}

// ---- controls ---------------------------------------------------------------------------
for (const tab of $all(".view-tab")) tab.addEventListener("click", () => setView(tab.dataset.view));
for (const tab of $all(".tab")) {
  tab.addEventListener("click", () => {
    setTab(tab.dataset.tab);
    // Opening the panel is asking for the findings: load them the first time.
    if (tab.dataset.tab === "findings" && !findings.loaded && !findings.loading) busy(loadFindings());
  });
}
$("#load-findings").addEventListener("click", () => busy(loadFindings()));
$("#relayout").addEventListener("click", () => busy(explorer.layout().then((ms) => setStatus(`布局用时 ${Math.round(ms)} 毫秒`))));
$("#undo").addEventListener("click", () => {
  const what = explorer.undo();
  setStatus(what ? `已撤销：${what}` : "没有可撤销的操作。");
});
$("#cy").addEventListener("keydown", (evt) => {
  if ((evt.key === "Delete" || evt.key === "Backspace") && selectedId) explorer.hide([selectedId]);
});
$("#clear").addEventListener("click", () => { explorer.clear(); details.clear(); selectedId = ""; sync(); });
ui.cap.addEventListener("change", () => { explorer.defaultCap = Number(ui.cap.value); sync(); });
ui.depth.addEventListener("change", sync);
ui.region.addEventListener("change", () => {
  filters.region = ui.region.value;
  filters.apply(explorer.cy);
  searchBox.regionChanged();
  if (findings.loaded) busy(loadFindings());
  sync();
});
$("#chain-form").addEventListener("submit", (evt) => {
  evt.preventDefault();
  const name = $("#chain-item").value.trim();
  if (name) busy(openChain(name));
});
$("#dossier-form").addEventListener("submit", (evt) => {
  evt.preventDefault();
  const topic = ui.dossierTopic.value.trim();
  if (topic) busy(openDossier(topic));
});
function regionName(code) {
  if (!code) return "";
  const short = code.length === 12 && code.endsWith("000000") ? code.slice(0, 6) : code;
  return regionNames.get(short) || "";
}

$("#export-png").addEventListener("click", () => {
  if (view === "dossier") return setStatus("卷宗是文字材料：请用“导出 CSV”或卷宗上方的“导出卷宗 JSON / Markdown”。", true);
  const cy = currentCy();
  if (!cy || !cy.nodes().length) return setStatus("当前视图没有可导出的内容。", true);
  const title = view === "chain" ? `审管联动链：${chain.chain ? chain.chain.approval_name : ""}`
    : pathView ? "最短路径" : `职责图谱：${explorer.focusId ? explorer.cy.getElementById(explorer.focusId).data("name") || "" : "当前视图"}`;
  busy(exportPng(cy, view === "chain" ? "审管联动链" : "职责图谱", {
    title, region: regionName(ui.region.value) || "全部地区", findingsShown: findings.loaded,
  }).then(() => setStatus("已导出图片")));
});
$("#export-csv").addEventListener("click", () => {
  if (view === "dossier") {
    if (!dossier.data) return setStatus("请先生成卷宗。", true);
    dossier.exportCsv();
    return setStatus("已导出卷宗");
  }
  const cy = currentCy();
  if (!cy || !cy.nodes().length) return setStatus("当前视图没有可导出的节点。", true);
  exportCsv(cy, view === "chain" ? "审管联动链" : "职责图谱", { findingsFor: (id) => findings.forNode(id), regionName });
  setStatus(`已导出 ${cy.nodes().not(".hidden").length} 个节点及其关系`);
});
$("#share").addEventListener("click", async () => {
  sync();
  try {
    await navigator.clipboard.writeText(window.location.href);
    setStatus("已复制当前视图的链接");
  } catch (_) {
    // An intranet served over plain http is not a secure context: no clipboard API there.
    window.prompt("复制下面的链接：", window.location.href);
  }
});

// ---- start ------------------------------------------------------------------------------
const regionNames = new Map();
let regionRows = [];
const LEVEL_DEPTH = { province: 0, city: 1, county: 2, township: 3 };

// The picker names each region in full (四川省广安市广安区), indented under its parent, never by
// its code; the box beside it narrows the options to the names that contain what is typed.
function renderRegionOptions(filter = "") {
  const needle = filter.trim();
  const current = ui.region.value;
  const rows = regionRows.filter((r) => !needle || r.code === current
    || [r.full_name, r.name, ...(r.aliases || [])].some((n) => n && n.includes(needle)));
  ui.region.innerHTML = '<option value="">全部地区</option>' + rows.map((r) =>
    `<option value="${escapeHtml(r.code)}" title="${escapeHtml(r.full_name || r.name)}">`
    + `${"　".repeat(needle ? 0 : LEVEL_DEPTH[r.level] || 0)}${escapeHtml(r.full_name || r.name || "未命名地区")}</option>`).join("");
  ui.region.value = current;
}

async function loadRegions() {
  regionRows = await api.regions();
  for (const r of regionRows) regionNames.set(r.code, r.name || "");
  renderRegionOptions();
}

$("#region-filter").addEventListener("input", (evt) => renderRegionOptions(evt.target.value));

// Rebuild the view a shared link describes.
async function restore() {
  const s = readState();
  await loadRegions().catch((err) => setStatus(err.message, true));
  if (s.region) ui.region.value = s.region;
  if (s.cap) ui.cap.value = s.cap;
  if (s.depth) ui.depth.value = s.depth;
  explorer.defaultCap = Number(ui.cap.value);
  shownQuery = s.q || "";
  ui.search.value = shownQuery;
  filters.set(s);
  pathView = null;
  if (s.node) {
    if (s.node !== explorer.focusId || (s.exp || []).length !== [...explorer.expanded].length - 1) {
      await explorer.show(s.node, { depth: Number(ui.depth.value), cap: Number(ui.cap.value) });
      for (const id of s.exp || []) await explorer.expand(id, { cap: Number(ui.cap.value) });
    }
  } else if (explorer.size) {
    explorer.clear();
  }
  findings.openKey = "";
  if (s.finding) {
    await findings.load(ui.region.value);
    const f = findings.open(s.finding);
    if (f) setTab("findings");
  }
  if (s.pfrom && s.pto) await openPath(s.pfrom, s.pto);
  if (s.sel) {
    const node = explorer.cy.getElementById(s.sel);
    if (node.nonempty()) { node.select(); selectNode(node); }
  }
  if (s.view === "chain" && s.item) await openChain(s.item);
  else if (s.view === "dossier" && s.topic) await openDossier(s.topic);
  else setView(s.view || "graph");
}

window.dutygraph = { explorer, chain, dossier, findings, filters };
// Back and Forward move between views: each view the reader opens is a history entry
// (state.js pushes when the view changes), and going back rebuilds the view its URL describes.
window.addEventListener("popstate", () => {
  restoring = true;
  busy(restore().finally(() => {
    restoring = false;
    graphChanged();
  }));
});
busy(restore().finally(() => {
  restoring = false;
  graphChanged();
  if (!explorer.size && view === "graph") setStatus("就绪：在上方搜索部门、事项或法律名称。");
}));
