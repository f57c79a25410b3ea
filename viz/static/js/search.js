// The search box: hits from /api/search (the same lookup as who-handles, plus departments,
// regions, laws and articles) as the user types, chosen by mouse or keyboard.
//
// Enter always acts on what is in the box now: if the list on screen belongs to an earlier
// text (a keystroke whose lookup has not come back yet), Enter asks again for the current text
// and opens its first hit — never the previous query's.

import * as api from "./api.js";
import { escapeHtml } from "./dom.js";
import { labelZh } from "./labels.js";

const DEBOUNCE_MS = 150;

// Hits are shown in groups by what they are, so that an item is never lost among articles
// (「养犬」: the 动物防疫法 article and the item 犬类准养证核发 are two groups). The groups come in
// the order of their best hit, and each keeps the search's own order: Enter still opens the best.
// A duty read from an article (DutyClause, DivisionClause) is neither a list item nor the article
// itself: it has a group of its own, so that 「养犬」 does not show 《动物防疫法》 clauses under 事项.
const ITEM_GROUP = "事项";
const GROUP_OF = {
  Department: "部门/单位", Region: "行政区划", Law: "法律法规", Article: "法条",
  DutyClause: "职责条款", DivisionClause: "职责条款",
};

export function hitGroup(row) {
  return GROUP_OF[row.label] || ITEM_GROUP;
}

export function grouped(rows) {
  const groups = new Map();
  for (const row of rows) {
    const g = hitGroup(row);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(row);
  }
  return [...groups.values()].flat();
}

export class SearchBox {
  constructor(input, list, { onChoose, getRegion, onError, onNone, track }) {
    this.input = input;
    this.list = list;
    this.onChoose = onChoose;
    this.getRegion = getRegion || (() => "");
    this.onError = onError || (() => {});
    this.onNone = onNone || (() => {});
    // The page's busy indicator wraps what Enter starts, so that nothing looks idle mid-search.
    this.track = track || ((promise) => promise);
    this.rows = [];
    this.rowsFor = "";      // the text (and region) the rows on screen answer
    this.active = -1;
    this.timer = 0;
    // Answers can arrive out of order; only the latest query's may be shown.
    this.sequence = 0;
    input.addEventListener("input", () => this._schedule());
    input.addEventListener("keydown", (evt) => this._key(evt));
    input.addEventListener("focus", () => {
      const q = this.input.value.trim();
      if (!q) return;
      if (this.rowsFor === this._key_of(q)) this._open();
      else this.refresh();
    });
    input.addEventListener("blur", () => setTimeout(() => this._close(), 150));
    list.addEventListener("mousedown", (evt) => {
      const li = evt.target.closest("li[data-index]");
      if (!li) return;
      evt.preventDefault();
      this._choose(Number(li.dataset.index));
    });
  }

  _key_of(q) {
    return `${q}\u001f${this.getRegion()}`;
  }

  // The region picker filters the hits: a new region re-asks for the text in the box.
  regionChanged() {
    this.rowsFor = "";
    this.list.dataset.for = "";
    if (!this.list.hidden && this.input.value.trim()) this.refresh();
  }

  _schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), DEBOUNCE_MS);
  }

  // Ask for the text now in the box; resolves true when the rows on screen are its answer.
  async refresh() {
    clearTimeout(this.timer);
    const q = this.input.value.trim();
    const mine = ++this.sequence;
    if (!q) {
      this.rows = [];
      this.rowsFor = "";
      this._close();
      return false;
    }
    try {
      const rows = await api.search(q, this.getRegion());
      if (mine !== this.sequence) return false;
      this.rows = grouped(rows);
      this.rowsFor = this._key_of(q);
      this.active = this.rows.length ? 0 : -1;
      this._render(q);
      return true;
    } catch (err) {
      if (mine === this.sequence) this.onError(err);
      return false;
    }
  }

  _render(q) {
    // Which text the list answers: scripts and tests wait on it.
    this.list.dataset.for = q;
    if (!this.rows.length) {
      this.list.innerHTML = `<li class="none">没有找到与「${escapeHtml(q)}」相关的事项、部门、地区或法律</li>`;
      this._open();
      return;
    }
    this.list.innerHTML = this.rows.map((row, i) => {
      const group = hitGroup(row);
      const head = i === 0 || hitGroup(this.rows[i - 1]) !== group
        ? `<li class="s-group" role="presentation">${escapeHtml(group)}</li>` : "";
      const kind = row.kind_zh || labelZh(row.label);
      // A region by its name, never its bare code; laws and articles apply everywhere.
      const where = row.label === "Region" ? "" : (row.region_name || (row.region ? "" : "全国"));
      return head + `<li role="option" data-index="${i}" data-group="${escapeHtml(group)}" class="${i === this.active ? "active" : ""}"`
        + ` aria-selected="${i === this.active}" title="${escapeHtml(row.why_zh || "")}">`
        + `<span class="s-name">${escapeHtml(row.name)}`
        + (row.context ? `<span class="s-context">${escapeHtml(row.context)}</span>` : "") + `</span>`
        + `<span class="s-kind">${escapeHtml(kind)}</span>`
        + (where ? `<span class="s-region">${escapeHtml(where)}</span>` : "")
        + `</li>`;
    }).join("");
    this._open();
  }

  _key(evt) {
    if (evt.key === "ArrowDown" || evt.key === "ArrowUp") {
      if (!this.rows.length) return;
      evt.preventDefault();
      const step = evt.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + this.rows.length) % this.rows.length;
      this._render(this.input.value.trim());
    } else if (evt.key === "Enter") {
      evt.preventDefault();
      this.track(this.enter());
    } else if (evt.key === "Escape") {
      this._close();
    }
  }

  // Enter: the highlighted hit if the list answers the current text, else ask for it first.
  async enter() {
    const q = this.input.value.trim();
    if (!q) return;
    if (this.rowsFor === this._key_of(q) && this.active >= 0) {
      this._choose(this.active);
      return;
    }
    const fresh = await this.refresh();
    if (!fresh || this.input.value.trim() !== q) return;
    if (this.rows.length) this._choose(0);
    else this.onNone(q);
  }

  _choose(index) {
    const row = this.rows[index];
    if (!row) return;
    // A keystroke's pending lookup must not reopen the list over the chosen name.
    clearTimeout(this.timer);
    this.sequence += 1;
    this.input.value = row.name;
    this.rowsFor = "";
    this._close();
    this.onChoose(row);
  }

  _open() {
    this.list.hidden = false;
  }

  _close() {
    this.list.hidden = true;
  }
}
