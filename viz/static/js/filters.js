// The 节点类型 / 事项类型 / 地区 filters and the legend, both built from what the canvas holds,
// so that the analyst only sees choices that change something.

import { escapeHtml } from "./dom.js";
import { CATEGORY_BADGE, CATEGORY_COLOUR, CATEGORY_ZH, kindColour, kindZh } from "./labels.js";

// "511602000000" and "511602" are the same county; "510000" is the province "51".
export function regionPrefix(code) {
  let c = String(code || "");
  while (c.length > 2 && c.endsWith("00")) c = c.slice(0, -2);
  return c;
}

export function inRegion(nodeRegion, region) {
  if (!region || !nodeRegion) return true;  // nodes with no region (laws, sources) always stay
  return regionPrefix(nodeRegion).startsWith(regionPrefix(region));
}

export class Filters {
  constructor({ kindsBox, typesBox, legendBox, onChange }) {
    this.kindsBox = kindsBox;
    this.typesBox = typesBox;
    this.legendBox = legendBox;
    this.onChange = onChange || (() => {});
    this.hiddenKinds = new Set();
    this.hiddenTypes = new Set();
    this.region = "";
    for (const box of [kindsBox, typesBox]) {
      box.addEventListener("change", (evt) => {
        const input = evt.target;
        if (input.type !== "checkbox") return;
        const set = box === kindsBox ? this.hiddenKinds : this.hiddenTypes;
        if (input.checked) set.delete(input.value);
        else set.add(input.value);
        this.onChange();
      });
    }
  }

  set(state) {
    this.hiddenKinds = new Set(state.hide || []);
    this.hiddenTypes = new Set(state.hidetypes || []);
    this.region = state.region || "";
  }

  // Hide what the filters exclude; an edge hides with either end.
  apply(cy) {
    cy.batch(() => {
      cy.nodes().forEach((node) => {
        const d = node.data();
        const hidden = this.hiddenKinds.has(d.label)
          || (d.itemType && this.hiddenTypes.has(d.itemType))
          || (d.label !== "Region" && !inRegion(d.region, this.region));
        node.toggleClass("hidden", Boolean(hidden));
      });
    });
  }

  // Rebuild the check boxes and the legend from the kinds now on the canvas.
  render(cy, { withFindings = false } = {}) {
    const labels = new Map();
    const types = new Map();
    const kinds = new Map();
    cy.nodes().forEach((node) => {
      const d = node.data();
      labels.set(d.label, (labels.get(d.label) || 0) + 1);
      if (d.itemType) types.set(d.itemType, (types.get(d.itemType) || 0) + 1);
      kinds.set(d.kind, (kinds.get(d.kind) || 0) + 1);
    });
    this.kindsBox.innerHTML = this._checks(labels, this.hiddenKinds, "暂无节点", (label) => kindZh(label));
    this.typesBox.innerHTML = this._checks(types, this.hiddenTypes, "暂无事项", (t) => t);
    this.legendBox.innerHTML = this._legend(kinds, withFindings);
  }

  _checks(counts, hidden, emptyText, name) {
    if (!counts.size) return `<p class="empty">${emptyText}</p>`;
    return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([value, n]) =>
      `<label class="check"><input type="checkbox" value="${escapeHtml(value)}"${hidden.has(value) ? "" : " checked"}>`
      + `<span>${escapeHtml(name(value))}</span><span class="n">${n}</span></label>`).join("");
  }

  _legend(kinds, withFindings) {
    const rows = [...kinds.entries()].sort((a, b) => b[1] - a[1]).map(([kind, n]) =>
      `<div class="legend-row"><span class="swatch" style="background:${kindColour(kind)}"></span>`
      + `<span>${escapeHtml(kindZh(kind))}</span><span class="n">${n}</span></div>`);
    rows.push('<div class="legend-sep"></div>');
    rows.push('<div class="legend-row"><span class="line solid"></span><span>承担（主体/牵头）</span></div>');
    rows.push('<div class="legend-row"><span class="line dashed"></span><span>配合</span></div>');
    rows.push('<div class="legend-row"><span class="line approve"></span><span>审批</span></div>');
    rows.push('<div class="legend-row"><span class="line supervise"></span><span>监管</span></div>');
    rows.push('<div class="legend-row"><span class="swatch ring"></span><span>粗边框：已展开；双线边框：邻居已截断</span></div>');
    rows.push('<div class="legend-sep"></div>');
    for (const [category, name] of Object.entries(CATEGORY_ZH)) {
      rows.push(`<div class="legend-row"><span class="badge" style="background:${CATEGORY_COLOUR[category]}">`
        + `${CATEGORY_BADGE[category]}</span><span>${name}</span></div>`);
    }
    if (!withFindings) rows.push('<p class="hint">在“发现”面板载入分析结果后，相关节点带颜色和角标。</p>');
    return rows.join("");
  }
}
