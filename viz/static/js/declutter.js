// Node labels without collisions: at any zoom, a label is drawn only where it does not cover a
// label of a more important node. Importance: the focus and selection, the 「再显示」 nodes,
// departments, regions and laws, then items by how connected they are. Recomputed after every
// layout and when the viewport stops moving (not during: panning must stay fluid).

const CELL = 48;          // grid cell in rendered pixels, for the overlap test
const LABEL_ONLY = { includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false, includeUnderlays: false };

function priority(node) {
  if (node.selected() || node.hasClass("focus")) return 1e6;
  const label = node.data("label");
  if (label === "More") return 9e5;
  if (label === "Department") return 5e5 + node.degree(false);
  if (label === "Region" || label === "Law") return 4e5 + node.degree(false);
  if (label === "Source" || label === "ListVersion") return node.degree(false);
  return 1e5 + node.degree(false) * 10;
}

function overlaps(a, b) {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

export function declutter(cy) {
  const zoom = cy.zoom();
  const width = cy.width();
  const height = cy.height();
  const pan = cy.pan();
  const nodes = cy.nodes().not(".hidden").toArray();
  const grid = new Map();
  const shown = [];
  const hidden = [];
  const scored = nodes.map((n) => [priority(n), n]).sort((a, b) => b[0] - a[0]);
  for (const [, node] of scored) {
    const text = String(node.data("short") || "");
    // Below its min-zoomed-font-size Cytoscape does not draw the label at all.
    const font = node.pstyle("font-size").pfValue * zoom;
    const minFont = node.pstyle("min-zoomed-font-size").pfValue;
    const p = node.renderedPosition();
    if (!text || font < minFont || p.x < -100 || p.y < -100 || p.x > width + 100 || p.y > height + 100) {
      shown.push(node);  // not drawn or off screen: nothing to collide with
      continue;
    }
    // The label's box as Cytoscape measures it (font, wrapping, outline), in rendered pixels:
    // an estimate from the character count let wide labels overlap their neighbours.
    const bb = node.boundingBox(LABEL_ONLY);
    const box = { x1: bb.x1 * zoom + pan.x, x2: bb.x2 * zoom + pan.x, y1: bb.y1 * zoom + pan.y, y2: bb.y2 * zoom + pan.y };
    const cells = [];
    for (let cx = Math.floor(box.x1 / CELL); cx <= Math.floor(box.x2 / CELL); cx++) {
      for (let cyy = Math.floor(box.y1 / CELL); cyy <= Math.floor(box.y2 / CELL); cyy++) cells.push(`${cx},${cyy}`);
    }
    const clash = cells.some((c) => (grid.get(c) || []).some((other) => overlaps(box, other)));
    if (clash) {
      hidden.push(node);
      continue;
    }
    for (const c of cells) {
      if (!grid.has(c)) grid.set(c, []);
      grid.get(c).push(box);
    }
    shown.push(node);
  }
  cy.batch(() => {
    for (const n of shown) if (n.hasClass("nolabel")) n.removeClass("nolabel");
    for (const n of hidden) if (!n.hasClass("nolabel")) n.addClass("nolabel");
  });
  return { shown: shown.length, hidden: hidden.length };
}

// Run declutter after the viewport has stopped changing for a moment.
export function declutterOnViewport(cy, delay = 160) {
  let timer = 0;
  const run = () => { clearTimeout(timer); timer = setTimeout(() => declutter(cy), delay); };
  cy.on("viewport", run);
  return run;
}
