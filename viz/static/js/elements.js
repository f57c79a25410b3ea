// Turn the API's nodes and edges ({id, label, name, props} / {src, rel, dst, props}) into
// Cytoscape elements carrying what the style, the filters and the exports read.

import { itemType, kindColour, nodeKind, relZh, ROLE_ZH } from "./labels.js";

const SHORT_LABEL = 14;

export function shortName(name) {
  const text = String(name || "");
  return text.length > SHORT_LABEL ? text.slice(0, SHORT_LABEL - 1) + "…" : text;
}

export function nodeElement(node) {
  const props = node.props || {};
  const kind = nodeKind(node.label, props);
  return {
    group: "nodes",
    data: {
      id: node.id,
      label: node.label,
      name: node.name || props.name || node.id,
      short: shortName(node.name || props.name || node.id),
      kind,
      itemType: itemType(node.label, props),
      region: props.region || (node.label === "Region" ? props.code || "" : ""),
      colour: kindColour(kind),
      props,
    },
  };
}

export function edgeId(edge) {
  return `${edge.src}|${edge.rel}|${edge.dst}|${(edge.props && edge.props.key) || edge.key || ""}`;
}

export function edgeElement(edge) {
  const props = edge.props || {};
  return {
    group: "edges",
    data: {
      id: edgeId(edge),
      source: edge.src,
      target: edge.dst,
      rel: edge.rel,
      // 承担 says nothing about the role: a lead and a cooperating holder read differently.
      relZh: edge.rel === "HOLDS" && ROLE_ZH[props.role] ? ROLE_ZH[props.role] : relZh(edge.rel),
      role: props.role || "",
      props,
    },
  };
}
