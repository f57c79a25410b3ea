// The Cytoscape stylesheet: colour by kind, size by importance, halos and badges for findings.

import { CATEGORY_BADGE, CATEGORY_COLOUR } from "./labels.js";

// A badge is a small SVG disc drawn over the node's top-right corner. It is a data: URI, so it
// costs no request; its glyph uses the same system CJK fonts as the page.
function badgeUri(category) {
  const colour = CATEGORY_COLOUR[category];
  const glyph = CATEGORY_BADGE[category];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">`
    + `<circle cx="20" cy="20" r="18" fill="${colour}" stroke="#fff" stroke-width="3"/>`
    + `<text x="20" y="27" font-size="20" text-anchor="middle" fill="#fff" `
    + `font-family="PingFang SC,Microsoft YaHei,Noto Sans CJK SC,WenQuanYi Micro Hei,sans-serif">${glyph}</text></svg>`;
  return "data:image/svg+xml;utf8," + encodeURIComponent(svg);
}

const FONT = "PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, Source Han Sans SC, "
  + "WenQuanYi Micro Hei, sans-serif";

export function stylesheet() {
  const styles = [
    {
      selector: "node",
      style: {
        "background-color": "data(colour)",
        label: "data(short)",
        "font-family": FONT,
        "font-size": 11,
        color: "#1d2733",
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-outline-color": "#fff",
        "text-outline-width": 2,
        // Labels of a 2,000-node picture would be an unreadable smear: they appear on zoom.
        "min-zoomed-font-size": 7,
        width: 18,
        height: 18,
        "border-width": 1,
        "border-color": "#ffffff",
      },
    },
    { selector: "node[label = 'Department']", style: { shape: "round-rectangle", width: 30, height: 30, "font-size": 12, "font-weight": "bold" } },
    { selector: "node[label = 'Region']", style: { shape: "hexagon", width: 28, height: 28 } },
    { selector: "node[label = 'Law'], node[label = 'Article']", style: { shape: "rectangle", width: 16, height: 20 } },
    { selector: "node[label = 'Source'], node[label = 'ListVersion']", style: { shape: "tag", width: 12, height: 12, "font-size": 9 } },
    { selector: "node[label = 'LinkageItem'], node[label = 'Ruling']", style: { shape: "diamond", width: 22, height: 22 } },
    { selector: "node[label = 'Missing']", style: { shape: "round-rectangle", width: 30, height: 22, "border-width": 2, "border-style": "dashed", "border-color": CATEGORY_COLOUR.broken, color: CATEGORY_COLOUR.broken } },
    { selector: "node.expanded", style: { "border-width": 3, "border-color": "#263238" } },
    { selector: "node.truncated", style: { "border-style": "double", "border-width": 5, "border-color": "#263238" } },
    { selector: "node.focus", style: { "overlay-color": "#1976d2", "overlay-opacity": 0.18, "overlay-padding": 8, "z-index": 20 } },
    { selector: "node:selected", style: { "border-width": 4, "border-color": "#1976d2", "z-index": 30 } },
    { selector: ".hidden", style: { display: "none" } },
    { selector: ".faded", style: { opacity: 0.15 } },
    {
      selector: "edge",
      style: {
        width: 1.2,
        "line-color": "#b8c2cc",
        "target-arrow-color": "#b8c2cc",
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.7,
        "curve-style": "bezier",
        // Edge names only where the reader is looking (next to the selected node): on a whole
        // neighbourhood they pile up into an unreadable mat.
        label: "",
        "font-family": FONT,
        "font-size": 9,
        color: "#66727f",
        // Horizontal: a label turned along a steep edge cannot be read without tilting one's head.
        "text-rotation": "none",
        "text-background-color": "#fff",
        "text-background-opacity": 0.8,
        "min-zoomed-font-size": 9,
      },
    },
    { selector: "edge.near", style: { label: "data(relZh)", "line-color": "#7f8c99", "target-arrow-color": "#7f8c99", "z-index": 10 } },
    // Lead and cooperating holders differ in line, colour and label (主体/牵头 vs 配合).
    { selector: "edge[rel = 'HOLDS'][role = 'lead']", style: { "line-color": "#3b6fb6", "target-arrow-color": "#3b6fb6", width: 1.8 } },
    { selector: "edge[role = 'cooperate']", style: { "line-style": "dashed", "line-color": "#b08a4a", "target-arrow-color": "#b08a4a", "target-arrow-shape": "vee" } },
    { selector: "node[label = 'More']", style: { shape: "round-rectangle", width: 26, height: 16, "background-color": "#ffffff",
      "border-width": 1.5, "border-style": "dashed", "border-color": "#1f5fbf", label: "data(short)", "text-wrap": "wrap",
      "text-max-width": 180, color: "#1f5fbf", "font-size": 10, "min-zoomed-font-size": 5 } },
    { selector: "edge[rel = 'MORE']", style: { "line-style": "dotted", "line-color": "#9fb6d8", "target-arrow-shape": "none", width: 1 } },
    { selector: "node.nolabel", style: { "text-opacity": 0 } },
    { selector: "edge.path-edge", style: { width: 3, "line-color": "#1f5fbf", "target-arrow-color": "#1f5fbf", "font-size": 12, color: "#1f5fbf" } },
    { selector: "node.on-path", style: { width: 34, height: 34, "font-size": 13, "text-wrap": "wrap", "text-max-width": 160, label: "data(name)" } },
    { selector: "edge[rel = 'APPROVES']", style: { "line-color": "#2e9d5b", "target-arrow-color": "#2e9d5b", width: 2 } },
    { selector: "edge[rel = 'SUPERVISES']", style: { "line-color": "#e8892b", "target-arrow-color": "#e8892b", width: 2 } },
    { selector: "edge[rel = 'FROM_SOURCE'], edge[rel = 'IN_REGION']", style: { width: 0.8, "line-color": "#dde3e8", "target-arrow-shape": "none" } },
    // Large pictures (explorer.js MANY_NODES): the cheapest edges Cytoscape draws.
    { selector: "edge.many", style: { "curve-style": "haystack", "target-arrow-shape": "none", width: 0.6 } },
    { selector: "node.many", style: { "text-outline-width": 0, "border-width": 0 } },
    { selector: "edge.broken", style: { "line-style": "dashed", "line-color": CATEGORY_COLOUR.broken, "target-arrow-color": CATEGORY_COLOUR.broken, width: 2.5, color: CATEGORY_COLOUR.broken } },
    { selector: "edge.finding-edge", style: { width: 3, "line-color": "#455a64", "target-arrow-color": "#455a64" } },
  ];
  // A node in several findings shows the most pressing one: broken chains, then gaps, then overlaps.
  for (const category of ["differs", "overlap", "gap", "broken"]) {
    styles.push({
      selector: `node.finding-${category}`,
      style: {
        "underlay-color": CATEGORY_COLOUR[category],
        "underlay-opacity": 0.35,
        "underlay-padding": 7,
        "underlay-shape": "ellipse",
        "background-image": badgeUri(category),
        "background-width": 14,
        "background-height": 14,
        "background-position-x": "100%",
        "background-position-y": "0%",
        "background-offset-x": 7,
        "background-offset-y": -7,
        "background-clip": "none",
        "background-image-containment": "over",
        "bounds-expansion": 10,
      },
    });
  }
  return styles;
}
