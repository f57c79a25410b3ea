// Export what is on screen: the picture as a PNG a researcher can hand on (title, region, date,
// legend and source line drawn around the graph) and the shown nodes and edges as one CSV.

import { download } from "./dom.js";
import { CATEGORY_COLOUR, CATEGORY_ZH, ROLE_ZH, kindColour, kindZh, labelZh, relZh } from "./labels.js";

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

function stamp(d = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`;
}

function dateZh(d = new Date()) {
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

// The files the shown facts came from: Source rows' files and the lists items name.
export function sourceFiles(cy) {
  const files = new Set();
  cy.nodes().not(".hidden").forEach((n) => {
    const p = n.data("props") || {};
    if (n.data("label") === "Source" && p.path) files.add(p.path);
    else if (p.dataset) files.add(p.dataset);
  });
  return [...files].sort();
}

function legendEntries(cy, findingsShown) {
  const kinds = new Map();
  cy.nodes().not(".hidden").forEach((n) => {
    const k = n.data("kind");
    if (k && k !== "More") kinds.set(k, (kinds.get(k) || 0) + 1);
  });
  const out = [...kinds.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => ({ colour: kindColour(k), text: `${kindZh(k)} ${n}` }));
  out.push({ line: "solid", colour: "#3b6fb6", text: "主体/牵头" }, { line: "dashed", colour: "#b08a4a", text: "配合" });
  // The linkage lines only when the picture has them (the same colours as style.js).
  const rels = new Set(cy.edges().not(".hidden").map((e) => e.data("rel")));
  if (rels.has("APPROVES")) out.push({ line: "solid", colour: "#2e9d5b", text: "审批" });
  if (rels.has("SUPERVISES")) out.push({ line: "solid", colour: "#e8892b", text: "监管" });
  if (findingsShown) for (const [c, name] of Object.entries(CATEGORY_ZH)) out.push({ colour: CATEGORY_COLOUR[c], text: name, ring: true });
  return out;
}

function loadImage(blob) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error("无法生成图片"));
    img.src = URL.createObjectURL(blob);
  });
}

// The picture with its frame: title and region and date above, legend beside, sources below.
export async function framedPng(cy, { title, region, findingsShown = false, date = new Date() }) {
  // White, because a transparent PNG pasted into a report shows black in some office suites.
  const graph = await loadImage(cy.png({ output: "blob", full: true, bg: "#ffffff", scale: 2, maxWidth: 6000, maxHeight: 6000 }));
  const legend = legendEntries(cy, findingsShown);
  const files = sourceFiles(cy);
  const pad = 32;
  const legendW = 300;
  const headH = 110;
  const footLines = [`来源：dutygraph 职责知识图谱，导出于 ${dateZh(date)}。`,
    files.length ? `数据：${files.slice(0, 6).join("、")}${files.length > 6 ? ` 等 ${files.length} 个文件` : ""}` : "数据：图中节点的来源见各节点详情。"];
  const footH = 30 + footLines.length * 26;
  const width = Math.max(900, graph.width + legendW + 3 * pad);
  const height = headH + Math.max(graph.height, legend.length * 30 + 40) + footH + pad;
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext("2d");
  g.fillStyle = "#ffffff";
  g.fillRect(0, 0, width, height);
  g.fillStyle = "#1d2733";
  g.font = `bold 34px ${FONT}`;
  g.fillText(title, pad, 52);
  g.font = `22px ${FONT}`;
  g.fillStyle = "#4a5663";
  g.fillText(`地区：${region || "全部地区"}　　日期：${dateZh(date)}　　节点 ${cy.nodes().not(".hidden").length} 个、关系 ${cy.edges().not(".hidden").length} 条`, pad, 90);
  g.strokeStyle = "#dfe4ea";
  g.strokeRect(pad - 1, headH - 1, graph.width + 2, graph.height + 2);
  g.drawImage(graph, pad, headH);
  // Legend
  const lx = pad * 2 + graph.width;
  g.fillStyle = "#1d2733";
  g.font = `bold 22px ${FONT}`;
  g.fillText("图例", lx, headH + 24);
  g.font = `19px ${FONT}`;
  legend.forEach((e, i) => {
    const y = headH + 54 + i * 30;
    if (e.line) {
      g.strokeStyle = e.colour;
      g.lineWidth = 3;
      g.setLineDash(e.line === "dashed" ? [8, 6] : []);
      g.beginPath(); g.moveTo(lx, y - 6); g.lineTo(lx + 32, y - 6); g.stroke();
      g.setLineDash([]);
    } else {
      g.fillStyle = e.colour;
      if (e.ring) { g.beginPath(); g.arc(lx + 10, y - 7, 9, 0, 2 * Math.PI); g.fill(); }
      else g.fillRect(lx, y - 17, 20, 20);
    }
    g.fillStyle = "#1d2733";
    g.fillText(e.text, lx + 42, y);
  });
  // Source line
  g.fillStyle = "#4a5663";
  g.font = `18px ${FONT}`;
  footLines.forEach((line, i) => g.fillText(line, pad, height - footH + 20 + i * 26));
  return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
}

export async function exportPng(cy, name, frame) {
  const blob = await framedPng(cy, { title: frame.title || name, region: frame.region, findingsShown: frame.findingsShown });
  download(blob, `${name}-${stamp()}.png`);
}

function csvCell(value) {
  const text = String(value ?? "");
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_HEADER = ["记录", "ID", "类型", "名称", "事项类型", "地区代码", "地区", "编码", "起点", "关系", "终点", "角色", "发现"];

// Nodes, then the edges between shown nodes, in one table: a 记录 column says which a row is.
export function graphCsv(cy, { findingsFor = () => [], regionName = () => "" } = {}) {
  const lines = [CSV_HEADER.join(",")];
  const shown = cy.nodes().not(".hidden").filter((n) => n.data("label") !== "More");
  const names = new Map(shown.map((n) => [n.id(), n.data("name")]));
  shown.forEach((node) => {
    const d = node.data();
    const p = d.props || {};
    const findings = findingsFor(d.id).map((f) => f.kind_zh || f.kind);
    lines.push(["节点", d.id, labelZh(d.label), d.name, d.itemType || "", d.region || "", regionName(d.region || ""),
      p.code || "", "", "", "", "", [...new Set(findings)].join("；")].map(csvCell).join(","));
  });
  cy.edges().not(".hidden").forEach((edge) => {
    const d = edge.data();
    if (!names.has(d.source) || !names.has(d.target) || d.rel === "MORE") return;
    lines.push(["关系", d.id, relZh(d.rel), d.relZh || relZh(d.rel), "", "", "", "", names.get(d.source), d.relZh || relZh(d.rel),
      names.get(d.target), ROLE_ZH[d.role] || d.role || "", ""].map(csvCell).join(","));
  });
  return lines.join("\r\n") + "\r\n";
}

export function exportCsv(cy, name, options) {
  // The BOM makes Excel read the file as UTF-8 instead of mangling every Chinese name.
  const blob = new Blob(["\ufeff" + graphCsv(cy, options)], { type: "text/csv;charset=utf-8" });
  download(blob, `${name}-${stamp()}.csv`);
}
