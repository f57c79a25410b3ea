// Export what is on screen: the picture as PNG (cy.png) and the shown nodes as CSV.

import { download } from "./dom.js";
import { labelZh } from "./labels.js";

function stamp() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`;
}

export function exportPng(cy, name) {
  // full: the whole graph, not only the part in the viewport; white, because a transparent
  // PNG pasted into a report shows black in some office suites.
  const blob = cy.png({ output: "blob", full: true, bg: "#ffffff", scale: 2, maxWidth: 8000, maxHeight: 8000 });
  download(blob, `${name}-${stamp()}.png`);
}

function csvCell(value) {
  const text = String(value ?? "");
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function nodesCsv(cy, findingsFor = () => []) {
  const header = ["节点ID", "类型", "名称", "事项类型", "地区", "编码", "发现"];
  const lines = [header.join(",")];
  cy.nodes().not(".hidden").forEach((node) => {
    const d = node.data();
    const p = d.props || {};
    const findings = findingsFor(d.id).map((f) => f.kind_zh || f.kind);
    lines.push([d.id, labelZh(d.label), d.name, d.itemType || "", d.region || "", p.code || "",
      [...new Set(findings)].join("；")].map(csvCell).join(","));
  });
  return lines.join("\r\n") + "\r\n";
}

export function exportCsv(cy, name, findingsFor) {
  // The BOM makes Excel read the file as UTF-8 instead of mangling every Chinese name.
  const blob = new Blob(["\ufeff" + nodesCsv(cy, findingsFor)], { type: "text/csv;charset=utf-8" });
  download(blob, `${name}-${stamp()}.csv`);
}
