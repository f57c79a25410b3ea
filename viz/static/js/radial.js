// A radial tree layout for large neighbourhoods: the focus in the middle, each hop one ring
// further out, and every node inside the wedge of the node that reached it — so a department's
// items sit together and each item's source row sits beside it.
//
// Why not force-directed: on this hardware (2 cores, software rendering) fcose takes over a
// minute for 2,000 nodes and its fast "draft" mode collapses them into a heap. A neighbourhood
// *is* a breadth-first tree around its focus, and laying that tree out is linear in its size.

const NODE_SPACING = 26;  // arc length between neighbours on a ring, in model pixels
const RING_GAP = 140;     // minimum distance between two rings

// BFS tree over the given nodes (a Cytoscape collection), from root.
function bfsTree(nodes, root) {
  const inSet = new Set(nodes.map((n) => n.id()));
  const children = new Map([[root.id(), []]]);
  const depth = new Map([[root.id(), 0]]);
  const order = [root];
  for (let i = 0; i < order.length; i++) {
    const node = order[i];
    const next = node.neighborhood("node").sort((a, b) => (a.data("kind") < b.data("kind") ? -1 : a.data("kind") > b.data("kind") ? 1 : 0));
    next.forEach((other) => {
      const id = other.id();
      if (!inSet.has(id) || depth.has(id)) return;
      depth.set(id, depth.get(node.id()) + 1);
      children.set(id, []);
      children.get(node.id()).push(other);
      order.push(other);
    });
  }
  return { children, depth, order };
}

function placeTree(tree, root, origin) {
  const { children, depth, order } = tree;
  // Leaves weigh 1; a node's wedge is proportional to the leaves below it.
  const weight = new Map();
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i].id();
    const kids = children.get(id);
    weight.set(id, kids.length ? kids.reduce((s, k) => s + weight.get(k.id()), 0) : 1);
  }
  const wedge = new Map([[root.id(), [0, 2 * Math.PI]]]);
  for (const node of order) {
    const [from, to] = wedge.get(node.id());
    let start = from;
    const total = weight.get(node.id());
    for (const kid of children.get(node.id())) {
      const span = ((to - from) * weight.get(kid.id())) / total;
      wedge.set(kid.id(), [start, start + span]);
      start += span;
    }
  }
  // Each ring lies far enough out that its narrowest wedge still holds one node: a department
  // with 80 items next to a region with 1,000 gets a thin wedge, so its ring moves outwards.
  const radius = [0];
  for (const node of order) {
    const d = depth.get(node.id());
    if (!d) continue;
    const [from, to] = wedge.get(node.id());
    radius[d] = Math.max(radius[d] || 0, NODE_SPACING / Math.max(to - from, 1e-4));
  }
  for (let d = 1; d < radius.length; d++) radius[d] = Math.max(radius[d] || 0, radius[d - 1] + RING_GAP);
  const positions = new Map();
  for (const node of order) {
    const [from, to] = wedge.get(node.id());
    const r = radius[depth.get(node.id())];
    const angle = (from + to) / 2;
    positions.set(node.id(), { x: origin.x + r * Math.cos(angle), y: origin.y + r * Math.sin(angle) });
  }
  return { positions, extent: radius[radius.length - 1] || 0 };
}

// Lay out every component as a radial tree (the given root first, then each other component
// from its best-connected node), side by side. Returns a Map id → position.
export function radialPositions(nodes, rootId) {
  const all = new Map();
  const left = new Set(nodes.map((n) => n.id()));
  let x = 0;
  const byId = new Map(nodes.map((n) => [n.id(), n]));
  const roots = [];
  if (rootId && byId.has(rootId)) roots.push(byId.get(rootId));
  while (left.size) {
    let root = roots.shift();
    if (!root || !left.has(root.id())) {
      root = null;
      let best = -1;
      for (const id of left) {
        const deg = byId.get(id).degree(false);
        if (deg > best) { best = deg; root = byId.get(id); }
      }
    }
    const members = nodes.filter((n) => left.has(n.id()));
    const tree = bfsTree(members, root);
    const { positions, extent } = placeTree(tree, root, { x: 0, y: 0 });
    for (const [id, pos] of positions) {
      all.set(id, { x: pos.x + x + extent, y: pos.y });
      left.delete(id);
    }
    x += 2 * extent + RING_GAP;
  }
  return all;
}
