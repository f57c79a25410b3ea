// The dossier view: everything the graph knows about a disputed matter — candidate departments
// with their evidence, how other regions assigned it, and the suggested lead with its reasons
// (graph/analyses/dossier.py Dossier.to_dict()).

import * as api from "./api.js";
import { download, escapeHtml } from "./dom.js";
import { ROLE_ZH } from "./labels.js";

function list(value) {
  return Array.isArray(value) ? value : [];
}

function sourcesHtml(sources) {
  const rows = list(sources).slice(0, 3);
  if (!rows.length) return "";
  return `<ul class="provenance">${rows.map((s) =>
    `<li><div class="prov-head"><span class="prov-file">${escapeHtml(s.source || s.path || "")}</span>`
    + `<span class="prov-loc">${escapeHtml(s.locator || "")}</span></div>`
    + (s.text ? `<blockquote>${escapeHtml(s.text)}</blockquote>` : "") + `</li>`).join("")}</ul>`;
}

// What a piece of evidence gives beyond its role: only a supporting duty (巡查, 报告, 月报 …,
// counted like 配合), or only a part of the matter (预付卡 of 预付卡式消费纠纷).
function qualifiersHtml(ev) {
  return (ev.function === "辅助" ? '<span class="qualifier" title="巡查、报告、统计等辅助职责，按配合计">辅助职责</span>' : "")
    + (ev.part ? `<span class="qualifier" title="依据只涉及争议事项的一部分，按其所占比例计">只涉及「${escapeHtml(ev.part)}」</span>` : "");
}

function evidenceHtml(ev) {
  const role = (ev.role ? `<span class="role role-${escapeHtml(ev.role)}">${escapeHtml(ROLE_ZH[ev.role] || ev.role)}</span>` : "")
    + qualifiersHtml(ev);
  return `<li class="evidence">
    <div><span class="kind-badge ev-${escapeHtml(ev.kind)}">${escapeHtml(ev.kind_zh || ev.kind)}</span> ${role}
      <a href="#" data-action="focus" data-id="${escapeHtml(ev.node_id)}">${escapeHtml(ev.title)}</a>
      <span class="muted">相近度 ${escapeHtml(Math.round(ev.score || 0))}${ev.applies === false ? "，仅供参考" : ""}</span></div>
    ${ev.text ? `<blockquote>${escapeHtml(ev.text)}</blockquote>` : ""}
    ${sourcesHtml(ev.sources)}</li>`;
}

// Candidate × basis: each piece of evidence once, the candidates side by side as columns
// (graph/analyses/dossier.py Dossier.basis_table()).
// A generic placeholder (「有关部门」「各乡镇人民政府(街道办事处)」) is no node: its id starts with
// "generic:" (graph/reference/generic_holders.py), so it is shown as text, not as a link to focus.
function deptLink(id, name) {
  if (String(id || "").startsWith("generic:")) {
    return `<span class="generic-holder" title="泛指，不是具体部门">${escapeHtml(name)}</span>`;
  }
  return `<a href="#" data-action="focus" data-id="${escapeHtml(id)}">${escapeHtml(name)}</a>`;
}
// The strongest bases first (rulings, clauses, articles, then list rows); the rest on request,
// so that a matter with a hundred list rows does not push the candidates off the page.
const BASIS_ROWS_SHOWN = 25;

function basisTableHtml(table) {
  const cands = list(table && table.candidates);
  const rows = list(table && table.rows);
  if (!cands.length || !rows.length) return "";
  return `<div class="basis-wrap"><table class="basis-table">
    <thead><tr><th>依据</th>${cands.map((c) => `<th class="cand">${deptLink(c.department_id, c.department)}<div class="muted">${escapeHtml(c.kind || "")} · 权重 ${escapeHtml(Math.round(c.weight || 0))}</div>`
      + `<div class="cand-elsewhere">${list(c.elsewhere).length ? `其他地区同类部门承担：${escapeHtml(c.elsewhere.join("、"))}` : "其他地区无同类部门承担"}</div></th>`).join("")}</tr></thead>
    <tbody>${rows.map((r, i) => `<tr${i >= BASIS_ROWS_SHOWN ? ' class="more-basis" hidden' : ""}>
      <td class="basis"><span class="kind-badge ev-${escapeHtml(r.kind)}">${escapeHtml(r.kind_zh)}</span>
        <a href="#" data-action="focus" data-id="${escapeHtml(r.node_id)}">${escapeHtml(r.title)}</a> ${qualifiersHtml(r)}
        ${r.text ? `<div class="basis-text">${escapeHtml(r.text.length > 160 ? r.text.slice(0, 160) + "…" : r.text)}</div>` : ""}
        ${r.source ? `<div class="muted">出处：${escapeHtml(r.source)}</div>` : ""}</td>
      ${cands.map((c) => { const role = (r.cells || {})[c.department_id];
        return `<td class="cell">${role ? `<span class="role role-${escapeHtml(role)}">${escapeHtml(ROLE_ZH[role] || role)}</span>` : ""}</td>`; }).join("")}
    </tr>`).join("")}</tbody></table>${rows.length > BASIS_ROWS_SHOWN
      ? `<button type="button" data-action="more-basis">显示其余 ${rows.length - BASIS_ROWS_SHOWN} 条依据</button>` : ""}</div>`;
}

export class DossierView {
  constructor(box, { onFocus, onStatus }) {
    this.box = box;
    this.onFocus = onFocus;
    this.onStatus = onStatus || (() => {});
    this.topic = "";
    this.data = null;
    box.addEventListener("click", (evt) => {
      const target = evt.target.closest("[data-action]");
      if (!target) return;
      evt.preventDefault();
      const action = target.dataset.action;
      if (action === "focus" && target.dataset.id) this.onFocus(target.dataset.id);
      else if (action === "export-csv") this.exportCsv();
      else if (action === "export-json") this.exportJson();
      else if (action === "export-markdown") this.exportMarkdown();
      else if (action === "more-basis") {
        for (const tr of this.box.querySelectorAll("tr.more-basis")) tr.hidden = false;
        target.remove();
      }
    });
  }

  // One row per piece of evidence: the table a 编办 report pastes in.
  csv() {
    const cell = (v) => { const t = String(v ?? ""); return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t; };
    const lines = [["事项", "候选部门", "部门类别", "权重", "依据类型", "角色", "依据", "内容", "出处"].join(",")];
    for (const c of list(this.data && this.data.candidates)) {
      for (const ev of list(c.evidence)) {
        const where = list(ev.sources).map((s) => `${s.source || ""} ${s.locator || ""}`.trim()).join("；");
        lines.push([this.data.topic, c.department, c.kind, c.weight, ev.kind_zh, ROLE_ZH[ev.role] || ev.role,
          ev.title, ev.text, where].map(cell).join(","));
      }
    }
    return lines.join("\r\n") + "\r\n";
  }

  exportCsv() {
    if (!this.data) return;
    download(new Blob(["\ufeff" + this.csv()], { type: "text/csv;charset=utf-8" }), `争议事项卷宗-${this.topic}.csv`);
  }

  exportJson() {
    if (!this.data) return;
    const text = JSON.stringify(this.data, null, 2);
    download(new Blob([text], { type: "application/json;charset=utf-8" }), `争议事项卷宗-${this.topic}.json`);
  }

  // The library's own Markdown (graph/analyses/dossier.py to_markdown), as `dutygraph dossier` prints it.
  async exportMarkdown() {
    if (!this.data) return;
    const text = await api.dossierMarkdown(this.topic, this.region);
    download(new Blob([text], { type: "text/markdown;charset=utf-8" }), `争议事项卷宗-${this.topic}.md`);
  }

  async show(topic, region) {
    this.topic = topic;
    this.region = region;
    this.box.innerHTML = '<p class="loading">正在汇总……</p>';
    let d;
    try {
      d = await api.dossier(topic, region);
    } catch (err) {
      this.box.innerHTML = `<p class="error">${escapeHtml(err.message)}</p>`;
      return null;
    }
    if (this.topic !== topic) return null;
    this.data = d;
    const candidates = list(d.candidates);
    const s = d.suggestion || {};
    const others = d.other_regions || {};
    const elsewhere = list(d.elsewhere);
    const weak = list(d.weak);     // departments whose pieces share only a generic word (弱关联)
    this.box.innerHTML = `
      <header class="dossier-head">
        <h2>争议事项卷宗：${escapeHtml(d.topic || topic)}</h2>
        <p class="muted">地区：${escapeHtml(d.region_name || d.region || "全部地区")} · 候选部门 ${candidates.length} 个${weak.length ? `，弱关联 ${weak.length} 个` : ""}</p>
        <div class="dossier-actions">
          <button type="button" data-action="export-csv">导出卷宗 CSV</button>
          <button type="button" data-action="export-json">导出卷宗 JSON</button>
          <button type="button" data-action="export-markdown">导出卷宗 Markdown</button>
        </div>
      </header>
      <section class="suggested"><h3>建议主体责任部门</h3>
        <p class="suggested-dept">${s.department
          ? deptLink(s.department_id || "", s.department)
          : (list(s.tied).length ? `依据相当，需进一步认定：${escapeHtml(s.tied.join("、"))}` : "无法建议")}</p>
        <p>${escapeHtml(s.reason_zh || "")}</p>
      </section>
      <section><h3>候选部门 × 依据</h3>
        ${candidates.length ? `<p class="muted">每条依据只列一次；格中为它给该部门的角色。共 ${candidates.length} 个候选部门、${list(d.basis_table && d.basis_table.rows).length} 条依据。</p>`
          + basisTableHtml(d.basis_table) : '<p class="empty">图中没有与这一事项相关的部门。</p>'}
      </section>
      <div class="dossier-side-by-side">
        <section class="dossier-candidates"><h3>候选部门及理由</h3>
        ${candidates.length ? `<div class="candidates">` + candidates.map((c, i) => `
          <div class="candidate">
            <h4>${i + 1}. ${deptLink(c.department_id, c.department)}
              <span class="muted">${escapeHtml(c.kind || "")} · 权重 ${escapeHtml(Math.round(c.weight || 0))}</span></h4>
            ${list(c.reasons).length ? `<p class="muted">理由：${escapeHtml(c.reasons.join("；"))}</p>` : ""}
            <p class="cand-elsewhere">${list(c.elsewhere).length
              ? `其他地区由同类部门（${escapeHtml(c.kind || "")}）承担：${escapeHtml(c.elsewhere.join("、"))}` : "其他地区没有由同类部门承担的记录"}</p>
            <details><summary>依据原文与出处（${list(c.evidence).length} 条）</summary>
            <ul class="evidence-list">${list(c.evidence).map(evidenceHtml).join("")}</ul></details>
          </div>`).join("") + `</div>` : '<p class="empty">图中没有与这一事项相关的部门。</p>'}
        </section>
      <aside class="dossier-others">
        <section><h3>其他地区如何分配该事项</h3>
        <p>${escapeHtml(others.summary_zh || "没有其他地区的数据。")}</p>
        ${list(others.regions).length ? `<table class="counts">${others.regions.map((r) =>
          `<tr><th>${escapeHtml(r.region_name || r.region)}</th><td>${escapeHtml(
            list(r.departments).map((x) => `${x.name}（${x.kind}）`).join("、") || "无责任部门")}</td></tr>`).join("")}</table>` : ""}
        </section>
      </aside>
      </div>
      ${weak.length ? `<section class="dossier-weak"><h3>弱关联（不作候选）</h3>
        <p class="muted">这些部门的依据与事项只共有「经营许可」之类的一般用语，没有写明事项本身，不计入候选与建议。</p>
        <ul class="weak-list">${weak.map((w) => `<li class="weak">${deptLink(w.department_id, w.department)}
          <span class="muted">${escapeHtml(w.reason || "")}</span>
          ${list(w.evidence).length ? `<details><summary>最相近的依据（共 ${escapeHtml(w.count || w.evidence.length)} 条）</summary>
          <ul class="evidence-list">${w.evidence.map(evidenceHtml).join("")}</ul></details>` : ""}</li>`).join("")}</ul></section>` : ""}
      ${elsewhere.length ? `<section><h3>其他地区的认定和分工（仅供参考）</h3>
        <ul class="evidence-list">${elsewhere.map(evidenceHtml).join("")}</ul></section>` : ""}
`;
    this.onStatus(`卷宗：「${d.topic || topic}」，候选部门 ${candidates.length} 个`);
    return d;
  }
}
