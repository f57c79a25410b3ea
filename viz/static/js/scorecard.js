// The department scorecard page (scorecard.html): the JSON of /api/scorecard as a ranked table,
// SVG bar charts drawn here (no chart library, nothing from the internet), and for one department
// every indicator with its explanation and the list rows, articles, calls and ledger entries behind it.

import { regions, scorecard } from "./api.js";
import { $, escapeHtml } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const ROWS_SHOWN = 50;
let current = null;

function busy(on) {
  document.body.dataset.busy = on ? "1" : "0";
}

function el(name, attrs = {}, text = "") {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text) node.textContent = text;
  return node;
}

// Horizontal bars: [{label, value, max, negative}] → an <svg>. Labels are text nodes (never markup).
function barChart(bars, { width = 760, unit = "", labelWidth = 230 } = {}) {
  const rowH = 20;
  const svg = el("svg", { width, height: bars.length * rowH + 8, role: "img" });
  const top = Math.max(1, ...bars.map((b) => Math.abs(b.max ?? b.value)));
  const scale = (width - labelWidth - 70) / top;
  bars.forEach((b, i) => {
    const y = i * rowH + 4;
    const label = el("text", { x: labelWidth - 6, y: y + 13, "text-anchor": "end" }, b.label);
    svg.appendChild(label);
    if (b.max !== undefined) {
      svg.appendChild(el("rect", { class: "bar max", x: labelWidth, y, width: Math.max(0, b.max * scale), height: 14 }));
    }
    const w = Math.max(0, Math.abs(b.value) * scale);
    svg.appendChild(el("rect", { class: b.negative || b.value < 0 ? "bar neg" : "bar", x: labelWidth, y, width: w,
                                 height: 14, "data-label": b.label }));
    svg.appendChild(el("text", { x: labelWidth + Math.max(w, (b.max ?? 0) * scale) + 6, y: y + 13 },
                       `${b.text ?? `${b.value}${unit}`}`));
  });
  return svg;
}

function cell(text, bad = false) {
  return `<td${bad ? ' class="bad"' : ""}>${escapeHtml(text)}</td>`;
}

function ratioText(m) {
  return m.denominator ? `${m.numerator}/${m.denominator}` : "—";
}

function renderTable(card) {
  const body = $("#sc-table tbody");
  body.innerHTML = card.departments.map((d) => {
    const m = d.measures;
    const overlaps = m.settled_overlaps.value + m.unsettled_overlaps.value;
    return `<tr data-id="${escapeHtml(d.department_id)}">` +
      cell(d.rank) + cell(d.department) + cell(`${d.score}/${d.max_score}`) +
      cell(d.percent === null ? "无可评分指标" : `${d.percent}%`) + cell(m.items_held.value) +
      cell(ratioText(m.duty_coverage), m.uncovered_duties.value > 0) + cell(m.gaps.value, m.gaps.value > 0) +
      cell(`${overlaps}（${m.unsettled_overlaps.value}）`, m.unsettled_overlaps.value > 0) +
      cell(m.broken_chains.value, m.broken_chains.value > 0) +
      cell(`${m.call_response_rate.denominator}（${m.overdue_calls.value}）`, m.overdue_calls.value > 0) +
      cell(m.assistance_given.value) +
      cell(`${m.open_ledger.value}（${m.overdue_ledger.value}）`, m.overdue_ledger.value > 0) + "</tr>";
  }).join("");
  for (const tr of body.querySelectorAll("tr")) {
    tr.addEventListener("click", () => showDepartment(tr.dataset.id));
  }
}

function renderChart(card) {
  const bars = card.departments.filter((d) => d.percent !== null)
    .map((d) => ({ label: d.department, value: d.percent, max: 100, text: `${d.percent}%（${d.score}/${d.max_score}）` }));
  const box = $("#sc-chart");
  box.replaceChildren(bars.length ? barChart(bars) : document.createTextNode("没有可评分的部门。"));
}

function rowLine(r) {
  const status = r.status ? `[${r.status}] ` : "";
  const detail = r.detail ? `（${r.detail}）` : "";
  const sources = (r.sources || []).filter(Boolean).join("；");
  return `<li>${escapeHtml(status + (r.name || ""))}${escapeHtml(detail)}` +
    (sources ? ` <span class="src">— ${escapeHtml(sources)}</span>` : "") + "</li>";
}

function showDepartment(id) {
  const d = current.departments.find((x) => x.department_id === id);
  if (!d) return;
  for (const tr of document.querySelectorAll("#sc-table tbody tr")) tr.classList.toggle("selected", tr.dataset.id === id);
  $("#sc-detail").hidden = false;
  $("#sc-detail-title").textContent = `${d.rank}. ${d.department} — ${d.score}/${d.max_score} 分` +
    (d.percent === null ? "" : `（${d.percent}%）`);
  const types = Object.entries(d.items_by_type).map(([label, value]) => ({ label, value }));
  $("#sc-types").replaceChildren(types.length ? barChart(types, { width: 520, labelWidth: 140 })
    : document.createTextNode("不持有任何清单事项。"));
  const levels = {};
  for (const s of d.indicators) {
    const lv = (levels[s.indicator.level1] ||= { value: 0, max: 0 });
    lv.value += s.score;
    lv.max += s.max_score;
  }
  const levelBars = Object.entries(levels).map(([label, v]) => ({
    label, value: Math.round(v.value * 100) / 100, max: v.max || undefined,
    text: v.max ? `${Math.round(v.value * 100) / 100}/${v.max}` : `${Math.round(v.value * 100) / 100}` }));
  $("#sc-levels").replaceChildren(barChart(levelBars, { width: 520, labelWidth: 100 }));
  $("#sc-indicators").innerHTML = d.indicators.map((s) => {
    const i = s.indicator;
    const rows = s.rows.slice(0, ROWS_SHOWN).map(rowLine).join("");
    const more = s.rows.length > ROWS_SHOWN ? `<li class="muted">…另 ${s.rows.length - ROWS_SHOWN} 行（见 CSV/JSON）</li>` : "";
    return `<div class="sc-ind${s.applicable ? "" : " na"}" data-metric="${escapeHtml(i.metric)}">` +
      `<span class="score${s.score < 0 ? " neg" : ""}">${escapeHtml(s.applicable ? `${s.score} 分` : "不适用")}</span>` +
      `<div class="lv">${escapeHtml(`${i.level1} / ${i.level2} / ${i.level3}`)}</div>` +
      `<div>${escapeHtml(s.explanation_zh)}</div>` +
      (i.source ? `<div class="lv">指标来源：${escapeHtml(i.source)}</div>` : "") +
      (s.rows.length ? `<details><summary>依据 ${s.rows.length} 行</summary><ul>${rows}${more}</ul></details>` : "") +
      "</div>";
  }).join("");
}

async function load() {
  const region = $("#sc-region").value;
  if (!region) return;
  const asOf = $("#sc-asof").value;
  const query = new URLSearchParams({ region, ...(asOf ? { as_of: asOf } : {}) });
  $("#sc-csv").href = `/api/scorecard?${query}&format=csv`;
  $("#sc-md").href = `/api/scorecard?${query}&format=markdown`;
  history.replaceState(null, "", `?${query}`);
  busy(true);
  $("#sc-status").textContent = "正在评价……";
  try {
    current = await scorecard(region, { asOf });
    $("#sc-status").textContent = `${current.region}：${current.departments.length} 个部门；评价时点 ${current.as_of}；` +
      `指标文件 ${current.indicators_file}（${current.indicators.length} 项指标）。点击一行查看各项指标及其依据。`;
    renderChart(current);
    renderTable(current);
    $("#sc-detail").hidden = true;
    const wanted = new URLSearchParams(location.search).get("department");
    if (wanted) showDepartment(wanted);
  } catch (err) {
    $("#sc-status").textContent = err.message;
    $("#sc-status").className = "error";
  } finally {
    busy(false);
  }
}

async function start() {
  const params = new URLSearchParams(location.search);
  const select = $("#sc-region");
  try {
    const all = (await regions()).filter((r) => r.level === "county");
    select.innerHTML = all.map((r) => `<option value="${escapeHtml(r.code)}">${escapeHtml(r.name)}</option>`).join("");
  } catch (err) {
    $("#sc-status").textContent = err.message;
  }
  if (params.get("region")) select.value = params.get("region");
  if (params.get("as_of")) $("#sc-asof").value = params.get("as_of");
  $("#sc-load").addEventListener("click", load);
  select.addEventListener("change", load);
  if (select.value) await load();
  else busy(false);
}

start();
