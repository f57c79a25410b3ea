// The neighbourhood graph: show a node's surroundings, expand on double-click, keep the canvas
// within a node budget, and time every layout so that large pictures can be measured.

import * as api from "./api.js";
import { edgeElement, nodeElement } from "./elements.js";
import { radialPositions } from "./radial.js";
import { stylesheet } from "./style.js";

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
  constructor(container, { onSelect, onChange, onStatus, onExpand } = {}) {
    this.cy = createCy(container);
    this.expanded = new Set();
    this.focusId = "";
    this.lastLayoutMs = 0;
    this.onSelect = onSelect || (() => {});
    this.onChange = onChange || (() => {});
    this.onStatus = onStatus || (() => {});
    this.cy.on("tap", "node", (evt) => this.onSelect(evt.target));
    this.cy.on("select unselect", "node", () => this._labelNearEdges());
    // The page wraps expansions (busy indicator, error display); alone, expand directly.
    const expand = onExpand || ((id) => this.expand(id));
    this.cy.on("dbltap", "node", (evt) => expand(evt.target.id()));
  }

  get size() {
    return this.cy.nodes().length;
  }

  clear() {
    this.cy.elements().remove();
    this.expanded.clear();
    this.focusId = "";
    this.onChange();
  }

  // Replace the canvas with one node's neighbourhood.
  async show(id, { depth = 1, cap = 150 } = {}) {
    const data = await api.neighbourhood(id, { depth, cap });
    this.cy.elements().remove();
    this.expanded = new Set([id]);
    this.focusId = id;
    const added = this._add(data, id);
    await this.layout();
    this._markFocus(id);
    this.fit();
    this.onChange();
    this.onStatus(this._summary(added, data.truncated));
    return this.cy.getElementById(id);
  }

  // Add a node's neighbours to what is shown.
  async expand(id, { cap } = {}) {
    const room = MAX_CANVAS_NODES - this.size;
    if (room <= 0) {
      this.onStatus(`画布已有 ${this.size} 个节点，达到上限 ${MAX_CANVAS_NODES}：请先清空或筛选。`);
      return 0;
    }
    const wanted = Math.min(cap || this.defaultCap || 150, room + 1);
    const data = await api.neighbourhood(id, { depth: 1, cap: wanted });
    this.expanded.add(id);
    const anchor = this.cy.getElementById(id);
    const before = this.cy.nodes().map((n) => n.id());
    const added = this._add(data, id);
    if (added.nodes) {
      this._placeAround(anchor, before);
      await this.layout({ incremental: true });
      // The radial tree redraws everything around the focus: show all of it again.
      if (this.size > FORCE_LIMIT) this.fit();
    }
    this.onChange();
    this.onStatus(this._summary(added, data.truncated));
    return added.nodes;
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
    anchor.addClass("expanded");
    anchor.toggleClass("truncated", Boolean(data.truncated));
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
      };
    }
    return new Promise((resolve) => {
      const layout = visible.layout(options);
      layout.one("layoutstop", () => {
        this.lastLayoutMs = performance.now() - started;
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
      this.cy.nodes(":selected").connectedEdges().addClass("near");
    });
  }

  // Fit the picture, but never blow a handful of nodes up to poster size. The box is taken
  // from node positions only: cy.fit() computes every style and measures every label first,
  // which alone cost about a second on 2,000 nodes here.
  fit(eles) {
    const cy = this.cy;
    const nodes = (eles || cy.elements()).nodes().not(".hidden");
    if (!nodes.length) return;
    const bb = positionsBox(nodes);
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
    if (truncated) parts.push("邻居较多，已按上限截断（边框加粗的节点可继续双击展开或调高上限）");
    if (this.lastLayoutMs) parts.push(`布局用时 ${Math.round(this.lastLayoutMs)} 毫秒`);
    return parts.join("，");
  }
}
