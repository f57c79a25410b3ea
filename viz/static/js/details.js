// The details panel: any node's properties in Chinese, who holds it, and where every fact came
// from (list file and row, article text), plus the actions that start from a node.

import * as api from "./api.js";
import { escapeHtml } from "./dom.js";
import { groupZh } from "./explorer.js";
import { CATEGORY_COLOUR, ITEM_LABELS, LEVEL_ZH, ROLE_ZH, findingCategory, labelZh, relZh } from "./labels.js";

const HEADER_SEP = "\u001f";

// One CSV line (as ingest/lists.py row_text wrote it) back into its cells.
export function parseCsvLine(line) {
  const cells = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { cells.push(cell); cell = ""; }
    else cell += c;
  }
  cells.push(cell);
  return cells;
}

// The header of the table a row came from (ListVersion.headers: "sheet␟col␟col…" per table).
function headerFor(version, locator) {
  const tables = ((version && version.props && version.props.headers) || []).map((h) => h.split(HEADER_SEP));
  if (!tables.length) return null;
  const named = tables.find((t) => t[0] && String(locator || "").includes(`「${t[0]}」`));
  return (named || tables[0]).slice(1);
}

// A list row as 表头: 值 pairs when its header is known; the raw line otherwise.
function rowHtml(text, header) {
  if (!header || !header.length) return `<blockquote>${escapeHtml(text)}</blockquote>`;
  const cells = parseCsvLine(text);
  const rows = cells.map((v, i) => [header[i] || `第 ${i + 1} 列`, v]).filter(([, v]) => v !== "");
  return `<table class="row-cells">${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`;
}

const PROP_ZH = {
  name: "名称", code: "编码", base_code: "基本编码", power_type: "事项类型", group: "事项分组",
  basis: "实施依据", department_text: "清单所列部门", region: "地区", dataset: "来源清单", current: "现行有效",
  aliases: "别名", former_names: "曾用名", kind: "类别", level: "层级", in_roster: "在机构名录中",
  title: "标题", short_title: "简称", issuer: "制定机关", promulgated: "公布日期", effective: "施行日期",
  amended: "修订日期", status: "效力", label_zh: "条号", chapter: "章", section: "节", text: "内容",
  path: "文件", locator: "位置", lead_text: "主体责任", cooperate_text: "配合责任", domain: "领域",
  approver_text: "审批部门", supervisor_text: "监管部门", requester_text: "请求部门", assistant_text: "协助部门",
  time_limit: "时限", part: "履职类型", township_text: "乡镇（街道）", county_text: "县级部门", target: "目标",
  date: "日期", outcome: "处理结果", number: "序号", provision: "三定规定", subject_code: "行使主体代码",
  parent: "上级", imported_at: "导入时间", version: "版本", current_name: "现名称",
  rows_read: "读取行数", rows_loaded: "导入行数", rows_quarantined: "隔离行数",
};
// Internal bookkeeping that means nothing to a reader.
const SKIP_PROPS = new Set(["content_hash", "law"]);

function formatValue(value) {
  if (value === true) return "是";
  if (value === false) return "否";
  if (Array.isArray(value)) return value.join("、");
  if (value && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function propsTable(props, label) {
  const rows = Object.entries(props || {})
    .filter(([key, value]) => !SKIP_PROPS.has(key) && value !== "" && value !== null
      && !(Array.isArray(value) && !value.length))
    .map(([key, value]) => {
      let text = formatValue(value);
      if (key === "level" && LEVEL_ZH[value]) text = LEVEL_ZH[value];
      return `<tr><th>${escapeHtml(PROP_ZH[key] || key)}</th><td>${escapeHtml(text)}</td></tr>`;
    });
  if (!rows.length) return "";
  return `<details class="props" ${label === "Source" || label === "Article" ? "open" : ""}>`
    + `<summary>属性</summary><table>${rows.join("")}</table></details>`;
}

function provenanceList(entries) {
  if (!entries.length) return '<p class="empty">图中没有记录这一节点的来源。</p>';
  return `<ul class="provenance">${entries.map((e) =>
    `<li><div class="prov-head"><span class="prov-file">${escapeHtml(e.source || "")}</span>`
    + `<span class="prov-loc">${escapeHtml(e.locator || "")}</span></div>`
    + (e.text ? rowHtml(e.text, e.header) : "") + `</li>`).join("")}</ul>`;
}

// Headers of the lists a node's Source rows came from, by "file|locator".
async function rowHeaders(id) {
  const hood = await api.neighbourhood(id, { depth: 2, labels: ["Source", "ListVersion"], cap: 60 });
  const versions = new Map(hood.nodes.filter((n) => n.label === "ListVersion").map((n) => [n.id, n]));
  const out = new Map();
  for (const n of hood.nodes) {
    if (n.label !== "Source") continue;
    const header = headerFor(versions.get(n.props.version), n.props.locator);
    if (header) out.set(`${n.props.path}|${n.props.locator}`, header);
  }
  return out;
}

function withHeaders(entries, headers) {
  return entries.map((e) => ({ ...e, header: headers.get(`${e.source}|${e.locator}`) || null }));
}

export class DetailsPanel {
  constructor(box, { onFocus, onExpand, onChain, onDossier, findingsFor, onExpandGroup, onExpandRel, onHide, onPathFrom, onPathTo, pathFrom }) {
    this.box = box;
    this.onExpandGroup = onExpandGroup || (() => {});
    this.onExpandRel = onExpandRel || (() => {});
    this.onHide = onHide || (() => {});
    this.onPathFrom = onPathFrom || (() => {});
    this.onPathTo = onPathTo || (() => {});
    this.pathFrom = pathFrom || (() => null);
    this.onFocus = onFocus;
    this.onExpand = onExpand;
    this.onChain = onChain;
    this.onDossier = onDossier;
    this.findingsFor = findingsFor || (() => []);
    this.current = "";
    box.addEventListener("click", (evt) => {
      const target = evt.target.closest("[data-action]");
      if (!target) return;
      const { action, id, name } = target.dataset;
      evt.preventDefault();
      if (action === "focus") this.onFocus(id);
      else if (action === "expand-group") this.onExpandGroup(id, target.dataset.group);
      else if (action === "expand-rel") this.onExpandRel(id, target.dataset.rel);
      else if (action === "hide") this.onHide(id);
      else if (action === "path-from") this.onPathFrom(id, name);
      else if (action === "path-to") this.onPathTo(id);
      else if (action === "expand") this.onExpand(id);
      else if (action === "chain") this.onChain(id);
      else if (action === "dossier") this.onDossier(name);
    });
  }

  clear() {
    this.current = "";
    this.box.innerHTML = '<p class="empty">单击图中的节点查看详情与来源。</p>';
  }

  // Show a node at once from what the canvas knows, then fill in what the API adds.
  async show(data) {
    const { id, label, name, props } = data;
    this.current = id;
    const isItem = ITEM_LABELS.has(label);
    const chainable = label === "LinkageItem" || (label === "PowerItem" && props.power_type === "行政许可");
    const findings = this.findingsFor(id);
    this.box.innerHTML = `
      <div class="details-head">
        <span class="kind-badge" style="background:${escapeHtml(data.colour || "#607d8b")}">${escapeHtml(labelZh(label))}</span>
        <h3 class="details-name">${escapeHtml(name)}</h3>
        ${props.power_type ? `<span class="muted">${escapeHtml(props.power_type)}</span>` : ""}
      </div>
      <div class="details-actions">
        <button type="button" data-action="expand" data-id="${escapeHtml(id)}">展开邻居</button>
        ${chainable ? `<button type="button" data-action="chain" data-id="${escapeHtml(id)}">查看审管联动链</button>` : ""}
        ${isItem ? `<button type="button" data-action="dossier" data-name="${escapeHtml(props.name || name)}">生成争议卷宗</button>` : ""}
        <button type="button" data-action="hide" data-id="${escapeHtml(id)}" title="从画布上移去，可撤销">隐藏</button>
        <button type="button" data-action="path-from" data-id="${escapeHtml(id)}" data-name="${escapeHtml(name)}">设为路径起点</button>
        ${this.pathFrom() && this.pathFrom().id !== id ? `<button type="button" data-action="path-to" data-id="${escapeHtml(id)}">从「${escapeHtml(this.pathFrom().name)}」到此的最短路径</button>` : ""}
      </div>
      <section><h4>邻居分组</h4><div id="details-groups"><p class="loading">正在载入……</p></div></section>
      ${findings.length ? `<section><h4>相关发现</h4><ul class="node-findings">${findings.map((f) =>
        `<li><span class="dot" style="background:${CATEGORY_COLOUR[findingCategory(f.kind)]}"></span>`
        + `${escapeHtml(f.kind_zh || f.kind)}：${escapeHtml(f.title_zh || "")}</li>`).join("")}</ul></section>` : ""}
      <section id="details-extra"><p class="loading">正在载入……</p></section>
      <section><h4>来源与依据</h4><div id="details-provenance"><p class="loading">正在载入……</p></div></section>
      ${propsTable(props, label)}`;
    const extra = this.box.querySelector("#details-extra");
    const provenance = this.box.querySelector("#details-provenance");
    this._groups(id, this.box.querySelector("#details-groups"));
    try {
      if (isItem) await this._item(id, extra, provenance);
      else if (label === "Department") await this._department(id, extra, provenance);
      else await this._generic(data, extra, provenance);
    } catch (err) {
      if (this.current !== id) return;
      extra.innerHTML = `<p class="error">${escapeHtml(err.message)}</p>`;
      await this._generic(data, document.createElement("div"), provenance).catch(() => {
        provenance.innerHTML = "";
      });
    }
  }

  async _item(id, extra, provenance) {
    const detail = await api.item(id);
    if (this.current !== id) return;
    const holders = detail.holders || [];
    extra.innerHTML = `<h4>承担部门</h4>` + (holders.length
      ? `<ul class="holders">${holders.map((h) =>
        `<li>${h.generic ? `<span class="generic-holder" title="泛指，不是具体部门">${escapeHtml(h.department)}</span>`
          : `<a href="#" data-action="focus" data-id="${escapeHtml(h.department_id)}">${escapeHtml(h.department)}</a>`}`
        + `<span class="role role-${escapeHtml(h.role)}">${escapeHtml(h.role_zh || ROLE_ZH[h.role] || h.role)}</span>`
        + (h.duty ? `<span class="muted">${escapeHtml(h.duty)}</span>` : "") + `</li>`).join("")}</ul>`
      : '<p class="empty">没有部门承担这一事项。</p>');
    const headers = await rowHeaders(id).catch(() => new Map());
    if (this.current !== id) return;
    provenance.innerHTML = provenanceList(withHeaders(detail.evidence || [], headers));
  }

  // The node's neighbours by relationship and kind, with counts, each expandable on its own;
  // above them one button per relationship (依据, 承担, 监管 …) adds that relationship's groups only.
  async _groups(id, box) {
    try {
      const data = await api.groups(id, { cap: 1 });
      if (this.current !== id) return;
      const groups = data.groups || [];
      const byRel = new Map();
      for (const g of groups) byRel.set(g.rel, (byRel.get(g.rel) || 0) + g.total);
      box.innerHTML = groups.length ? `<div class="rel-buttons"><span class="muted">按关系展开：</span>${[...byRel].map(([rel, n]) =>
        `<button type="button" data-action="expand-rel" data-id="${escapeHtml(id)}" data-rel="${escapeHtml(rel)}">`
        + `${escapeHtml(relZh(rel))} ${n}</button>`).join("")}</div>`
        + `<table class="groups-table">${groups.map((g) =>
        `<tr><td>${escapeHtml(groupZh(g))}</td><td class="n">${g.total} 个</td>`
        + `<td><button type="button" data-action="expand-group" data-id="${escapeHtml(id)}" data-group="${escapeHtml(g.id)}">展开</button></td></tr>`).join("")}</table>`
        : '<p class="empty">没有邻居。</p>';
    } catch (err) {
      box.innerHTML = `<p class="error">${escapeHtml(err.message)}</p>`;
    }
  }

  async _department(id, extra, provenance) {
    const profile = await api.department(id);
    if (this.current !== id) return;
    const d = profile.department || {};
    const counts = Object.entries(profile.item_counts || {});
    const units = profile.units || [];
    extra.innerHTML = `
      <h4>部门概况</h4>
      <p>${escapeHtml((profile.region && profile.region.name) || d.region || "")}
        ${d.in_roster ? "" : '<span class="warn">未见于本地区机构名录</span>'}</p>
      ${d.aliases && d.aliases.length ? `<p class="muted">别名：${escapeHtml(d.aliases.join("、"))}</p>` : ""}
      ${d.former_names && d.former_names.length ? `<p class="muted">曾用名：${escapeHtml(d.former_names.join("、"))}</p>` : ""}
      ${counts.length ? `<table class="counts">${counts.map(([t, n]) =>
        `<tr><th>${escapeHtml(t)}</th><td>${n}</td></tr>`).join("")}</table>` : '<p class="empty">清单中没有它承担的事项。</p>'}
      ${units.length ? `<p>内设机构：${units.map((u) => escapeHtml(u.name)).join("、")}</p>` : ""}
      ${(profile.territorial || []).length ? `<p>属地管理事项 ${profile.territorial.length} 项</p>` : ""}`;
    await this._generic({ id, label: "Department" }, document.createElement("div"), provenance);
  }

  // Any node: its Source rows and the articles it rests on, read off its neighbourhood.
  async _generic(data, extra, provenance) {
    const { id, label, props } = data;
    if (label === "Source") {
      const headers = await rowHeaders(id).catch(() => new Map());
      if (this.current !== id) return;
      provenance.innerHTML = provenanceList(withHeaders([{ source: props.path, locator: props.locator, text: props.text }], headers));
      extra.innerHTML = "";
      return;
    }
    const hood = await api.neighbourhood(id, { depth: 1, labels: ["Source", "Article", "Law"], cap: 40 });
    if (this.current !== id) return;
    const laws = new Map(hood.nodes.filter((n) => n.label === "Law").map((n) => [n.id, n]));
    const entries = [];
    if (label === "Article") {
      const law = laws.get(props.law);
      entries.push({ source: law ? law.name : "", locator: props.label_zh, text: props.text });
    }
    for (const n of hood.nodes) {
      if (n.id === id) continue;
      if (n.label === "Source") entries.push({ source: n.props.path, locator: n.props.locator, text: n.props.text });
    }
    const headers = entries.length ? await rowHeaders(id).catch(() => new Map()) : new Map();
    if (this.current !== id) return;
    for (const n of hood.nodes) {
      if (n.id === id) continue;
      if (n.label === "Article") {
        const law = laws.get(n.props.law);
        entries.push({ source: law ? law.name : "", locator: n.props.label_zh, text: n.props.text });
      }
    }
    provenance.innerHTML = provenanceList(withHeaders(entries, headers));
    extra.innerHTML = "";
  }
}
