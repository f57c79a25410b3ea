// The linkage-chain view: approval → approver → supervisor → inspection/penalty items → basis,
// left to right (dagre, rankDir LR). A missing link is drawn as a dashed red placeholder in its
// place, so the break is visible where it happens.

import * as api from "./api.js";
import { escapeHtml } from "./dom.js";
import { nodeElement } from "./elements.js";
import { createCy } from "./explorer.js";
import { CATEGORY_COLOUR } from "./labels.js";

const STEP_ZH = { approval: "审批事项", approver: "审批部门", supervisor: "监管部门", enforcement: "检查/处罚事项", basis: "法律依据" };
const STEPS = Object.keys(STEP_ZH);

function node(id, label, name, props = {}) {
  return nodeElement({ id, label, name, props });
}

function link(src, dst, relZh, cls = "") {
  return { group: "edges", data: { id: `${src}→${dst}`, source: src, target: dst, rel: "CHAIN", relZh }, classes: cls };
}

function placeholder(step, status, text) {
  const id = `missing:${step}`;
  const name = status === "missing" ? `缺失：${STEP_ZH[step]}` : `无法判断：${STEP_ZH[step]}`;
  const el = nodeElement({ id, label: "Missing", name, props: { text, step, status } });
  el.data.colour = "#ffffff";
  el.data.short = name;
  el.classes = status === "missing" ? "finding-broken" : "unknown";
  return el;
}

// Build the elements of one chain (graph/analyses/linkage.py LinkageChain.to_dict()).
export function chainElements(chain, articles = new Map()) {
  const els = [];
  const ids = { approval: [], approver: [], supervisor: [], enforcement: [], basis: [] };
  const status = Object.fromEntries((chain.links || []).map((l) => [l.step, l]));
  const approvalLink = status.approval;
  if (!approvalLink || approvalLink.status === "ok") {
    els.push(node(chain.approval_id, "PowerItem", chain.approval_name, { power_type: "行政许可", name: chain.approval_name }));
    ids.approval.push(chain.approval_id);
  }
  for (const rowId of chain.linkage_ids || []) {
    els.push(node(rowId, "LinkageItem", chain.approval_id === rowId ? chain.approval_name : "审管联动清单行", {}));
  }
  for (const a of chain.approvers || []) { els.push(node(a.id, "Department", a.name)); ids.approver.push(a.id); }
  for (const s of chain.supervisors || []) { els.push(node(s.id, "Department", s.name, { how: s.how })); ids.supervisor.push(s.id); }
  for (const e of chain.enforcement || []) {
    els.push(node(e.id, "PowerItem", e.name, { power_type: e.power_type, basis: e.basis, name: e.name }));
    ids.enforcement.push(e.id);
    for (const art of e.articles || []) {
      if (!ids.basis.includes(art)) {
        const a = articles.get(art);
        els.push(node(art, "Article", a ? a.name : art, a ? a.props : {}));
        ids.basis.push(art);
      }
    }
  }
  // The articles the approval (and its linkage rows) cite: the chain's 法律依据 column even when
  // the enforcement step cannot be checked.
  for (const art of chain.approval_articles || []) {
    if (ids.basis.includes(art)) continue;
    const a = articles.get(art);
    els.push(node(art, "Article", a ? a.name : art, a ? a.props : {}));
    ids.basis.push(art);
  }
  // Placeholders for every link that is missing or cannot be checked.
  for (const step of STEPS) {
    const l = status[step];
    if (l && l.status !== "ok" && !ids[step].length) {
      els.push(placeholder(step, l.status, l.text_zh));
      ids[step] = [`missing:${step}`];
    }
  }
  const seen = new Set();
  const add = (src, dst, text, cls) => {
    const key = `${src}→${dst}`;
    if (src === dst || seen.has(key)) return;
    seen.add(key);
    els.push(link(src, dst, text, cls));
  };
  const relOf = { approver: "审批", supervisor: "移交监管", enforcement: "持有", basis: "依据" };
  for (let i = 1; i < STEPS.length; i++) {
    const prev = ids[STEPS[i - 1]];
    const cur = ids[STEPS[i]];
    const broken = status[STEPS[i]] && status[STEPS[i]].status === "missing";
    if (STEPS[i] === "basis" && !broken) {
      for (const e of chain.enforcement || []) for (const art of e.articles || []) add(e.id, art, relOf.basis);
      continue;
    }
    // The approval's own articles hang off the approval, past the columns in between.
    if (STEPS[i] === "basis" && !(chain.approval_articles || []).length) continue;
    for (const p of prev) for (const c of cur) add(p, c, relOf[STEPS[i]], broken ? "broken" : "");
  }
  for (const art of chain.approval_articles || []) {
    for (const a of ids.approval.length ? ids.approval : (chain.linkage_ids || [])) add(a, art, "许可依据", "cited");
  }
  for (const rowId of chain.linkage_ids || []) {
    const supervisorMissing = status.supervisor && status.supervisor.status === "missing";
    for (const s of ids.supervisor) add(rowId, s, "载明监管", supervisorMissing ? "broken" : "");
    for (const a of ids.approval) add(a, rowId, "联动清单");
  }
  return els;
}

export class ChainView {
  constructor(container, { title, empty, choices, onSelect, onStatus, onChoose }) {
    this.container = container;
    this.choices = choices;
    this.onChoose = onChoose || ((id) => this.show(id));
    choices.addEventListener("click", (evt) => {
      const a = evt.target.closest("[data-chain]");
      if (!a) return;
      evt.preventDefault();
      this.onChoose(a.dataset.chain);
    });
    this.title = title;
    this.empty = empty;
    this.onSelect = onSelect || (() => {});
    this.onStatus = onStatus || (() => {});
    this.cy = null;
    this.itemId = "";
    this.chain = null;
  }

  _ensureCy() {
    if (!this.cy) {
      this.cy = createCy(this.container, { hideEdgesOnViewport: false });
      // A chain has a handful of nodes: every name and every link is labelled, names wrapped
      // under their node so that neighbours in the next column never overlap.
      this.cy.style()
        .selector("edge").style({ "curve-style": "taxi", "taxi-direction": "rightward", "taxi-turn": 60,
          label: "data(relZh)", "min-zoomed-font-size": 0, "font-size": 11, "text-rotation": "none",
          "text-margin-y": -10 })
        .selector("node").style({ label: "data(name)", "min-zoomed-font-size": 0, "text-wrap": "wrap",
          "text-max-width": 150, "font-size": 12 })
        .selector("edge.broken").style({ "line-color": CATEGORY_COLOUR.broken, color: CATEGORY_COLOUR.broken })
        // A link the lists cannot confirm either way is grey, not red: nothing is known broken.
        .selector("node.unknown").style({ "border-color": "#90a4ae", color: "#607d8b" })
        .selector("edge.cited").style({ "line-style": "dashed", "line-color": "#78909c", "target-arrow-color": "#78909c", color: "#546e7a" })
        .update();
      this.cy.on("tap", "node", (evt) => this.onSelect(evt.target));
    }
    return this.cy;
  }

  // Draw after the container is visible: Cytoscape measures it when laying out. ``itemId`` is a
  // node id or a name; a name that several approvals match is asked about, never guessed.
  async show(itemId, region) {
    this.itemId = itemId;
    const chains = await api.linkageChain(itemId, region);
    const exact = chains.filter((c) => c.approval_id === itemId || (c.linkage_ids || []).includes(itemId)
      || c.approval_name === itemId);
    if (!chains.length) {
      this.onStatus("没有找到这一事项的审管联动链。");
      return null;
    }
    if (!exact.length && chains.length > 1) {
      this._ask(itemId, chains);
      return null;
    }
    return this._draw(exact[0] || chains[0]);
  }

  // Several approvals match the name: list them and let the reader choose.
  _ask(query, chains) {
    this.chain = null;
    if (this.cy) this.cy.elements().remove();
    this.empty.hidden = true;
    this.choices.hidden = false;
    this.choices.innerHTML = `<p>有 ${chains.length} 个审批事项与「${escapeHtml(query)}」相符，请选择一个：</p><ol>${chains.map((c) =>
      `<li><a href="#" data-chain="${escapeHtml(c.approval_id)}">${escapeHtml(c.approval_name)}</a>`
      + ` <span class="muted">${escapeHtml((c.approvers || []).map((a) => a.name).join("、"))} · ${escapeHtml(c.verdict_zh || "")}</span></li>`).join("")}</ol>`;
    this.title.innerHTML = `${escapeHtml(query)} <span class="muted">（待选择）</span>`;
    this.onStatus(`「${query}」对应 ${chains.length} 个审批事项，请选择。`);
  }

  async _draw(chain) {
    this.choices.hidden = true;
    this.itemId = chain.approval_id;
    this.chain = chain;
    const articleIds = [...new Set([...(chain.enforcement || []).flatMap((e) => e.articles || []), ...(chain.approval_articles || [])])];
    const articles = new Map();
    await Promise.all(articleIds.map(async (id) => {
      try {
        const hood = await api.neighbourhood(id, { depth: 0, cap: 1 });
        if (hood.nodes[0]) articles.set(id, hood.nodes[0]);
      } catch (_) { /* an article we cannot load is shown by its id */ }
    }));
    const cy = this._ensureCy();
    cy.elements().remove();
    cy.add(chainElements(chain, articles));
    cy.layout({ name: "dagre", rankDir: "LR", nodeSep: 60, rankSep: 160, edgeSep: 20, fit: false, padding: 60, animate: false }).run();
    // The articles the approval cites belong in the 法律依据 column, the last one, whatever
    // dagre's ranks say (their edge starts at the first column).
    const cited = (chain.approval_articles || []).map((id) => cy.getElementById(id)).filter((n) => n.nonempty());
    if (cited.length) {
      const others = cy.nodes().filter((n) => !cited.some((c) => c.id() === n.id()));
      const right = Math.max(...others.map((n) => n.position("x")));
      const basis = cy.nodes().filter((n) => n.position("x") >= right - 1 && n.data("label") === "Article");
      const ys = others.map((n) => n.position("y"));
      const top = Math.min(...ys);
      const x = basis.length ? right : right + 230;
      cited.forEach((n, i) => n.position({ x, y: top + i * 90 }));
    }
    cy.fit(undefined, 60);
    if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); }
    this.empty.hidden = true;
    // 「完整」 only when every step is present and checked; a step the lists cannot tell is not "ok".
    const complete = chain.complete === true;
    const state = chain.broken ? `<span class="broken-tag" style="background:${CATEGORY_COLOUR.broken}">断链</span>`
      : complete ? '<span class="ok-tag">完整</span>' : '<span class="unknown-tag">未能全部核实</span>';
    this.title.innerHTML = `${escapeHtml(chain.approval_name)} ${state} <span class="muted">${escapeHtml(
      (chain.links || []).filter((l) => l.status !== "ok").map((l) => l.text_zh).join("；"))}</span>`;
    this.onStatus(`审管联动链：${cy.nodes().length} 个环节节点，${chain.broken ? "链条断裂" : complete ? "链条完整" : "有环节无法核实"}`);
    return chain;
  }

  resize() {
    if (this.cy) { this.cy.resize(); this.cy.fit(undefined, 40); }
  }
}
