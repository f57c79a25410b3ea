// The neighbourhood graph: show a node's surroundings, expand on double-click, keep the canvas
// within a node budget, and time every layout so that large pictures can be measured.

import * as api from "./api.js";
import { declutter, declutterOnViewport } from "./declutter.js";
import { edgeElement, nodeElement } from "./elements.js";
import { labelZh, relZh } from "./labels.js";
import { radialPositions } from "./radial.js";
import { stylesheet } from "./style.js";

// Members of a group shown per page ("再显示 20 个").
export const PER_GROUP = 20;

// What a group of neighbours is called: 行政许可, 来源行, 审批 · 审管联动事项 …
export function groupZh(group) {
  const what = group.type || labelZh(group.label);
  return group.rel === "HOLDS" || group.rel === "FROM_SOURCE" || group.rel === "IN_REGION" ? what : `${relZh(group.rel)} · ${what}`;
}

function moreId(anchorId, groupId) {
  return `more:${anchorId}:${groupId}`;
}

// Above this many nodes on the canvas an expansion is cut short: Cytoscape stays fluid up to a
// few thousand nodes in Chromium, and a hub department (hundreds of items, each with a source
// row) would otherwise keep adding until the tab hangs.
export const MAX_CANVAS_NODES = 3000;
// fcose's cost grows with the square of the node count: about a second for 250 nodes here, over
// a minute for 2,000. Beyond this the radial tree takes over.
const FORCE_LIMIT = 250;
// Beyond this, edges drop their curves, arrows and labels.
const MANY_NODES = 600;
const FIT_MAX_ZOOM = 1.4;

// The box around node centres: needs no style, unlike Cytoscape's boundingBox().
function positionsBox(nodes) {
  let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  nodes.forEach((n) => {
    const p = n.position();
    x1 = Math.min(x1, p.x); y1 = Math.min(y1, p.y); x2 = Math.max(x2, p.x); y2 = Math.max(y2, p.y);
  });
  // Room for the node bodies and the labels under them at the edge of the picture.
  return { x1: x1 - 30, y1: y1 - 30, w: x2 - x1 + 60, h: y2 - y1 + 60 };
}

export function createCy(container, extra = {}) {
  return window.cytoscape({
    container,
    style: stylesheet(),
    minZoom: 0.05,
    maxZoom: 4,
    // Drawing edges and a cached texture while the user pans keeps big graphs responsive.
    hideEdgesOnViewport: true,
    textureOnViewport: false,
    motionBlur: false,
    pixelRatio: 1,
    ...extra,
  });
}

export class Explorer {
  constructor(container, { onSelect, onChange, onStatus, onExpand, onMore } = {}) {
    this.cy = createCy(container);
    this.expanded = new Set();
    this.focusId = "";
    this.lastLayoutMs = 0;
    this.onSelect = onSelect || (() => {});
    this.onChange = onChange || (() => {});
    this.onStatus = onStatus || (() => {});
    this.undoStack = [];
    this.onMore = onMore || ((id) => this.more(id));
    this.cy.on("tap", "node", (evt) => {
      if (evt.target.data("label") === "More") this.onMore(evt.target.id());
      else this.onSelect(evt.target);
    });
    this.cy.on("select unselect", "node", () => this._labelNearEdges());
    // The page wraps expansions (busy indicator, error display); alone, expand directly.
    const expand = onExpand || ((id) => this.expand(id));
    this.cy.on("dbltap", "node", (evt) => { if (evt.target.data("label") !== "More") expand(evt.target.id()); });
    this.declutterSoon = declutterOnViewport(this.cy);
  }

  // What the caps left out, per expanded node and group: the page says it in words.
  hiddenSummary() {
    return this.cy.nodes("[label = 'More']").map((m) => {
      const d = m.data();
      const anchor = this.cy.getElementById(d.anchor);
      return { anchor: d.anchor, anchorName: anchor.nonempty() ? anchor.data("name") : d.anchor,
        group: d.group, groupZh: d.groupZh, total: d.total, shown: d.next, hidden: d.total - d.next };
    });
  }

  // Take a node (or the selection) off the canvas; undo() brings it back.
  hide(ids) {
    const nodes = this.cy.collection(ids.map((id) => this.cy.getElementById(id)).filter((n) => n.nonempty()));
    if (!nodes.length) return 0;
    const removed = nodes.union(nodes.connectedEdges()).remove();
    this.undoStack.push({ added: this.cy.collection(), removed, what: `隐藏 ${nodes.length} 个节点` });
    this.onChange();
    return nodes.length;
  }

  // Undo the last expansion, "再显示" or hide.
  undo() {
    const step = this.undoStack.pop();
    if (!step) return "";
    this.cy.batch(() => {
      step.added.remove();
      step.removed.restore();
      for (const [id, data] of step.changed || []) this.cy.getElementById(id).data(data);
    });
    for (const id of step.expandedIds || []) this.expanded.delete(id);
    this.onChange();
    declutter(this.cy);
    return step.what;
  }

  get size() {
    return this.cy.nodes().length;
  }

  clear() {
    this.cy.elements().remove();
    this.expanded.clear();
    this.undoStack = [];
    this.focusId = "";
    this.onChange();
  }

  // Replace the canvas with one node's neighbourhood. One hop comes grouped by relationship and
  // kind (a page of each group, a 「再显示」 node for the rest); two or more hops come whole, capped.
  async show(id, { depth = 1, cap = 150 } = {}) {
    const data = depth === 1 ? await api.groups(id, { perGroup: PER_GROUP, cap }) : await api.neighbourhood(id, { depth, cap });
    this.cy.elements().remove();
    this.expanded = new Set([id]);
    this.undoStack = [];
    this.focusId = id;
    const added = this._add(data, id);
    if (data.groups) this._moreNodes(id, data.groups);
    await this.layout();
    this._markFocus(id);
    this.fit();
    this.onChange();
    declutter(this.cy);
    this.onStatus(this._summary(added, data.truncated));
    return this.cy.getElementById(id);
  }

  // Add a node's neighbours to what is shown: every group's first page, or one relationship's.
  async expand(id, { cap, rel } = {}) {
    const room = MAX_CANVAS_NODES - this.size;
    if (room <= 0) {
      this.onStatus(`画布已有 ${this.size} 个节点，达到上限 ${MAX_CANVAS_NODES}：请先清空或筛选。`);
      return 0;
    }
    const wanted = Math.min(cap || this.defaultCap || 150, room + 1);
    const data = await api.groups(id, { perGroup: PER_GROUP, cap: wanted, rel });
    const name = this.cy.getElementById(id).data("name") || id;
    return this._grow(id, data, { what: rel ? `展开「${name}」的「${relZh(rel)}」关系` : `展开「${name}」`, groups: data.groups });
  }

  // A path alone on the canvas, its steps left to right in order.
  async showPath(data) {
    this.cy.elements().remove();
    this.expanded = new Set();
    this.undoStack = [];
    this.focusId = "";
    this._add(data, "");
    const order = new Map(data.nodes.map((n, i) => [n.id, i]));
    this.cy.nodes().forEach((n) => { n.position({ x: 220 * (order.get(n.id()) || 0), y: (order.get(n.id()) % 2) * 50 }); });
    this.cy.edges().addClass("near path-edge");
    this.cy.nodes().addClass("on-path");
    this.fit();
    this.onChange();
    declutter(this.cy);
  }

  // One group of a node's neighbours (from the details panel's 邻居分组): its first page.
  async expandGroup(id, group) {
    const data = await api.groups(id, { perGroup: PER_GROUP, group, offset: 0 });
    const g = (data.groups || []).filter((x) => x.id === group);
    return this._grow(id, data, { what: `展开「${g.length ? groupZh(g[0]) : group}」`, groups: g });
  }

  // 「再显示 20 个」: the next page of one group of one node.
  async more(moreNodeId) {
    const more = this.cy.getElementById(moreNodeId);
    if (more.empty()) return 0;
    const { anchor, group, next } = more.data();
    const data = await api.groups(anchor, { perGroup: PER_GROUP, group, offset: next });
    const g = (data.groups || []).filter((x) => x.id === group);
    return this._grow(anchor, data, { what: `再显示「${more.data("groupZh")}」`, groups: g });
  }

  async _grow(id, data, { what, groups }) {
    this.expanded.add(id);
    const anchor = this.cy.getElementById(id);
    const before = new Set(this.cy.elements().map((e) => e.id()));
    const added = this._add(data, id);
    // The 「再显示」 nodes of these groups take the new counts; undo gives them back the old ones.
    const { removed, changed } = groups ? this._moreNodes(id, groups) : { removed: this.cy.collection(), changed: [] };
    const fresh = this.cy.elements().filter((e) => !before.has(e.id()));
    this.undoStack.push({ added: fresh, removed, changed, what, expandedIds: [] });
    if (added.nodes) {
      this._placeAround(anchor, [...before]);
      await this.layout({ incremental: true });
      // The radial tree redraws everything around the focus: show all of it again.
      if (this.size > FORCE_LIMIT) this.fit();
    }
    this.onChange();
    declutter(this.cy);
    this.onStatus(this._summary(added, data.truncated));
    return added.nodes;
  }

  // One 「再显示」 node per group that has members not on the canvas, tied to the node by a dashed
  // line. A group's existing node is updated in place (its id stays, so undo can restore its old
  // counts), removed once nothing is left to show; returns what was removed and what changed.
  _moreNodes(anchorId, groups) {
    const els = [];
    const removed = this.cy.collection();
    const changed = [];
    for (const g of groups) {
      const id = moreId(anchorId, g.id);
      const old = this.cy.getElementById(id);
      const next = Math.max(old.nonempty() ? old.data("next") : 0, g.offset + g.shown);
      const rest = g.total - next;
      if (rest <= 0) {
        if (old.nonempty()) removed.merge(old.union(old.connectedEdges()).remove());
        continue;
      }
      const name = `${groupZh(g)}：另有 ${rest} 个未显示（共 ${g.total} 个）\n点击再显示 ${Math.min(PER_GROUP, rest)} 个`;
      if (old.nonempty()) {
        changed.push([id, { name: old.data("name"), short: old.data("short"), next: old.data("next") }]);
        old.data({ name, short: name, next });
        continue;
      }
      els.push({ group: "nodes", data: { id, label: "More", name, short: name, kind: "More", colour: "#ffffff",
        anchor: anchorId, group: g.id, groupZh: groupZh(g), total: g.total, next, props: {} } });
      els.push({ group: "edges", data: { id: `${anchorId}|MORE|${id}`, source: anchorId, target: id, rel: "MORE", relZh: "", props: {} } });
    }
    if (els.length) this.cy.add(els);
    return { removed, changed };
  }

  // Make sure some nodes are on the canvas (a finding's nodes, a chain's steps), loading each
  // missing one with its immediate neighbours.
  async ensure(ids, { cap = 30 } = {}) {
    const missing = ids.filter((id) => this.cy.getElementById(id).empty());
    for (const id of missing) {
      if (!this.cy.getElementById(id).empty()) continue;
      try {
        const data = await api.neighbourhood(id, { depth: 1, cap });
        this._add(data, id);
      } catch (err) {
        this.onStatus(`无法载入节点 ${id}：${err.message}`);
      }
    }
    if (missing.length) {
      await this.layout();
      this.onChange();
    }
  }

  _add(data, anchorId) {
    const existing = new Set(this.cy.nodes().map((n) => n.id()));
    const room = MAX_CANVAS_NODES - existing.size;
    const nodes = data.nodes.filter((n) => !existing.has(n.id)).slice(0, Math.max(room, 0));
    const kept = new Set([...existing, ...nodes.map((n) => n.id)]);
    const edges = data.edges.filter((e) => kept.has(e.src) && kept.has(e.dst)
      && this.cy.getElementById(edgeElement(e).data.id).empty());
    this.cy.batch(() => {
      this.cy.add(nodes.map(nodeElement));
      this.cy.add(edges.map(edgeElement));
    });
    const anchor = this.cy.getElementById(anchorId);
    if (anchor.nonempty()) {
      anchor.addClass("expanded");
      anchor.toggleClass("truncated", Boolean(data.truncated));
    }
    return { nodes: nodes.length, edges: edges.length, total: data.nodes.length };
  }

  // New nodes start on a ring around the node they came from, so the refinement that follows
  // moves them a little instead of throwing the whole picture around.
  _placeAround(anchor, beforeIds) {
    const before = new Set(beforeIds);
    const fresh = this.cy.nodes().filter((n) => !before.has(n.id()));
    const centre = anchor.nonempty() ? anchor.position() : { x: 0, y: 0 };
    const radius = 60 + 6 * Math.sqrt(fresh.length) * 8;
    fresh.forEach((node, i) => {
      const angle = (2 * Math.PI * i) / fresh.length;
      node.position({ x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) });
    });
  }

  // Run the layout and resolve with its duration in milliseconds. Small pictures get the
  // force-directed fcose; large ones the linear radial tree (see radial.js for why).
  layout({ incremental = false } = {}) {
    const visible = this.cy.elements().not(".hidden");
    const nodes = visible.nodes();
    const n = nodes.length;
    if (!n) return Promise.resolve(0);
    this._styleForSize(n);
    const started = performance.now();
    let options;
    if (n > FORCE_LIMIT) {
      const positions = radialPositions(nodes, this.focusId);
      options = { name: "preset", positions: (node) => positions.get(node.id()), fit: false, animate: false };
    } else {
      options = {
        name: "fcose", animate: false, fit: false, randomize: !incremental, quality: "default",
        nodeRepulsion: () => 12000, idealEdgeLength: () => 110, nodeSeparation: 80, packComponents: true,
        // Room for the names under the nodes: without it a small picture placed two departments'
        // labels on top of each other, and declutter had to hide the lead department's name.
        nodeDimensionsIncludeLabels: true,
      };
    }
    return new Promise((resolve) => {
      const layout = visible.layout(options);
      layout.one("layoutstop", () => {
        this.lastLayoutMs = performance.now() - started;
        this.declutterSoon();
        resolve(this.lastLayoutMs);
      });
      layout.run();
    });
  }

  // Past a few hundred nodes, straight edges without arrows or outlines keep every frame cheap.
  _styleForSize(n) {
    const many = n > MANY_NODES;
    this.cy.batch(() => this.cy.elements().toggleClass("many", many));
  }

  _labelNearEdges() {
    this.cy.batch(() => {
      this.cy.edges(".near").removeClass("near");
      // A hub's dozens of identical 「主体/牵头」 labels say nothing: past a dozen edges only the
      // exceptions (配合, 审批, 监管 …) are labelled; the line style tells lead apart anyway.
      const edges = this.cy.nodes(":selected").connectedEdges();
      edges.filter((e) => edges.length <= 12 || e.data("role") === "cooperate"
        || !["HOLDS", "FROM_SOURCE", "IN_REGION"].includes(e.data("rel"))).addClass("near");
    });
  }

  // Fit the picture, but never blow a handful of nodes up to poster size. The box is taken
  // from node positions only: cy.fit() computes every style and measures every label first,
  // which alone cost about a second on 2,000 nodes here.
  fit(eles) {
    const cy = this.cy;
    const nodes = (eles || cy.elements()).nodes().not(".hidden");
    if (!nodes.length) return;
    // A small picture can afford measuring its labels, so that a long name at the edge is not cut off.
    const bb = nodes.length <= FORCE_LIMIT ? nodes.boundingBox({ includeLabels: true, includeOverlays: false, includeUnderlays: false })
      : positionsBox(nodes);
    const pad = 40;
    const zoom = Math.max(cy.minZoom(), Math.min(FIT_MAX_ZOOM,
      (cy.width() - 2 * pad) / Math.max(bb.w, 1), (cy.height() - 2 * pad) / Math.max(bb.h, 1)));
    cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * (bb.x1 + bb.w / 2), y: cy.height() / 2 - zoom * (bb.y1 + bb.h / 2) } });
  }

  _markFocus(id) {
    this.cy.nodes(".focus").removeClass("focus");
    this.cy.getElementById(id).addClass("focus");
  }

  focus(id) {
    const node = this.cy.getElementById(id);
    if (node.empty()) return node;
    this.focusId = id;
    this._markFocus(id);
    this.cy.nodes(":selected").unselect();
    node.select();
    this.cy.animate({ center: { eles: node }, zoom: Math.max(this.cy.zoom(), 1) }, { duration: 250 });
    return node;
  }

  _summary(added, truncated) {
    const parts = [`新增 ${added.nodes} 个节点、${added.edges} 条关系`, `共 ${this.size} 个节点`];
    const hidden = this.hiddenSummary();
    if (hidden.length) {
      const n = hidden.reduce((s, h) => s + h.hidden, 0);
      parts.push(`已截断：另有 ${n} 个邻居未显示（${hidden.slice(0, 3).map((h) => `${h.groupZh} ${h.hidden} 个`).join("、")}${hidden.length > 3 ? "等" : ""}），点击「再显示」节点继续`);
    } else if (truncated) parts.push("邻居较多，已按上限截断（边框加粗的节点可继续双击展开或调高上限）");
    if (this.lastLayoutMs) parts.push(`布局用时 ${Math.round(this.lastLayoutMs)} 毫秒`);
    return parts.join("，");
  }
}
