// The findings panel: a region's gaps, overlaps and broken chains as one list. It works off
// finding objects as the analyses return them ({kind, kind_zh, severity, title_zh, detail_zh,
// nodes: [ids], edges, sources}); clicking one brings its nodes onto the canvas and focuses them.

import * as api from "./api.js";
import { escapeHtml } from "./dom.js";
import { CATEGORY_BADGE, CATEGORY_COLOUR, CATEGORY_ZH, findingCategory } from "./labels.js";

const CLASSES = Object.keys(CATEGORY_ZH).map((c) => `finding-${c}`).join(" ");

// A short stable key, so that a shared link can name a finding without carrying it.
export function findingKey(f) {
  const text = `${f.kind}\u001f${f.title_zh}\u001f${(f.nodes || []).join(",")}`;
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = ((h * 33) ^ text.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

export class FindingsPanel {
  constructor({ list, chips, count, onOpen, onChain, onFocusNode }) {
    this.list = list;
    this.chips = chips;
    this.count = count;
    this.onOpen = onOpen;
    this.onChain = onChain;
    this.onFocusNode = onFocusNode;
    this.rows = [];
    this.byNode = new Map();
    this.shown = new Set(Object.keys(CATEGORY_ZH));
    this.openKey = "";
    this.loading = false;
    this.sections = [];
    this.summary = "";
    // Group key → open or not, once the reader has toggled it; otherwise small groups start open.
    this.groupOpen = new Map();
    list.addEventListener("click", (evt) => {
      const action = evt.target.closest("[data-action]");
      if (action) {
        evt.preventDefault();
        evt.stopPropagation();
        if (action.dataset.action === "chain") this.onChain(action.dataset.id);
        else if (action.dataset.action === "focus") this.onFocusNode(action.dataset.id);
        else if (action.dataset.action === "toggle-group") this.toggleGroup(action.dataset.group);
        return;
      }
      const li = evt.target.closest("li[data-key]");
      if (li) this.open(li.dataset.key);
    });
    chips.addEventListener("change", (evt) => {
      const input = evt.target;
      if (input.checked) this.shown.add(input.value);
      else this.shown.delete(input.value);
      this.render();
    });
  }

  get loaded() {
    return this.rows.length > 0;
  }

  async load(region) {
    this.list.innerHTML = '<li class="loading">正在分析……</li>';
    this.loading = true;
    try {
      const { rows, sections, summary } = await api.findings(region);
      this.sections = sections;
      this.summary = summary;
      this.set(rows);
      return rows;
    } catch (err) {
      this.list.innerHTML = `<li class="error">无法载入分析结果：${escapeHtml(err.message)}</li>`;
      throw err;
    } finally {
      this.loading = false;
    }
  }

  set(rows) {
    this.rows = rows.map((f) => ({ ...f, key: findingKey(f), category: findingCategory(f.kind) }));
    this.byNode = new Map();
    for (const f of this.rows) {
      for (const id of f.nodes || []) {
        if (!this.byNode.has(id)) this.byNode.set(id, []);
        this.byNode.get(id).push(f);
      }
    }
    this.render();
  }

  forNode(id) {
    return this.byNode.get(id) || [];
  }

  find(key) {
    return this.rows.find((f) => f.key === key);
  }

  // Colour and badge the canvas nodes that findings name.
  mark(cy) {
    cy.batch(() => {
      cy.nodes().removeClass(CLASSES);
      for (const [id, findings] of this.byNode) {
        const node = cy.getElementById(id);
        if (node.empty()) continue;
        for (const f of findings) node.addClass(`finding-${f.category}`);
      }
    });
  }

  render() {
    const counts = {};
    for (const f of this.rows) counts[f.category] = (counts[f.category] || 0) + 1;
    this.count.textContent = this.rows.length ? String(this.rows.length) : "";
    this.chips.innerHTML = Object.entries(CATEGORY_ZH).filter(([c]) => counts[c]).map(([c, name]) =>
      `<label class="chip"><input type="checkbox" value="${c}"${this.shown.has(c) ? " checked" : ""}>`
      + `<span class="badge" style="background:${CATEGORY_COLOUR[c]}">${CATEGORY_BADGE[c]}</span>${name} ${counts[c]}</label>`).join("");
    if (!this.rows.length) {
      this.list.innerHTML = '<li class="empty">本地区没有发现问题。</li>';
      return;
    }
    if (!this.sections.length) {
      this.list.innerHTML = this.rows.filter((f) => this.shown.has(f.category)).map((f) => this._item(f)).join("");
      return;
    }
    const html = [`<li class="findings-summary">${escapeHtml(this.summary)}</li>`];
    for (const section of this.sections) {
      const groups = section.groups.filter((g) => g.findings.some((f) => this.shown.has(findingCategory(f.kind))));
      html.push(`<li class="findings-section section-${escapeHtml(section.key)}"><h3>${escapeHtml(section.title_zh)}`
        + ` <span class="n">${section.count} 条 · ${section.groups.length} 组</span></h3>`
        + (groups.length ? `<ol class="groups">${groups.map((g) => this._group(g)).join("")}</ol>` : '<p class="empty">没有。</p>')
        + `</li>`);
    }
    this.list.innerHTML = html.join("");
  }

  // A group: kind · department · count, its findings listed (a small group) or folded into one note.
  _group(g) {
    const open = this.groupOpen.has(g.key) ? this.groupOpen.get(g.key)
      : (!g.folded && g.count <= 5) || g.findings.some((f) => findingKey(f) === this.openKey);
    const cat = g.undecidable ? "coverage" : findingCategory(g.kind);
    const members = g.findings.filter((f) => this.shown.has(findingCategory(f.kind)));
    return `<li class="fgroup${g.folded ? " folded" : ""}${open ? " expanded" : ""}" data-group="${escapeHtml(g.key)}">
      <div class="fgroup-head">
        <span class="badge" style="background:${CATEGORY_COLOUR[cat] || "#78909c"}">${CATEGORY_BADGE[cat] || "?"}</span>
        <span class="fgroup-title">${escapeHtml(g.title_zh)}</span>
        <span class="severity sev-${escapeHtml(g.severity)}">${escapeHtml(g.severity_zh)}</span>
      </div>
      ${g.detail_zh ? `<p class="fgroup-note">${escapeHtml(g.detail_zh)}</p>` : ""}
      <button type="button" class="fgroup-toggle" data-action="toggle-group" data-group="${escapeHtml(g.key)}">`
      + `${open ? "收起" : `展开 ${g.count} 条`}</button>
      ${open ? `<ol class="findings-in-group">${members.map((f) => this._item({ ...f, key: findingKey(f), category: findingCategory(f.kind) })).join("")}</ol>` : ""}
    </li>`;
  }

  toggleGroup(key) {
    const el = this.list.querySelector(`li.fgroup[data-group="${CSS.escape(key)}"]`);
    this.groupOpen.set(key, !(el && el.classList.contains("expanded")));
    this.render();
  }

  _item(f) {
    const open = f.key === this.openKey;
    const chainItem = f.category === "broken" || f.kind === "approval_no_supervisor" ? (f.data && (f.data.item_id || f.data.item)) || (f.nodes || [])[0] : "";
    const body = open ? `
      <div class="finding-body">
        <p>${escapeHtml(f.detail_zh || "")}</p>
        ${(f.sources || []).length ? `<ul class="provenance">${f.sources.map((s) =>
          `<li><div class="prov-head"><span class="prov-file">${escapeHtml(s.path)}</span>`
          + `<span class="prov-loc">${escapeHtml(s.locator)}</span></div>`
          + (s.text ? `<blockquote>${escapeHtml(s.text)}</blockquote>` : "") + `</li>`).join("")}</ul>` : ""}
        ${chainItem ? `<button type="button" data-action="chain" data-id="${escapeHtml(chainItem)}">查看审管联动链</button>` : ""}
      </div>` : "";
    return `<li data-key="${f.key}" class="finding finding-${f.category}${open ? " open" : ""}">
      <div class="finding-head">
        <span class="badge" style="background:${CATEGORY_COLOUR[f.category]}">${CATEGORY_BADGE[f.category]}</span>
        <span class="finding-kind">${escapeHtml(f.kind_zh || f.kind)}</span>
        <span class="severity sev-${escapeHtml(f.severity)}">${escapeHtml(f.severity_zh || "")}</span>
      </div>
      <div class="finding-title">${escapeHtml(f.title_zh)}</div>${body}</li>`;
  }

  open(key) {
    const f = this.find(key);
    if (!f) return null;
    this.openKey = key;
    this.render();
    const li = this.list.querySelector(`li[data-key="${key}"]`);
    if (li) li.scrollIntoView({ block: "nearest" });
    this.onOpen(f);
    return f;
  }
}
