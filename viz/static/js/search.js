// The search box: suggestions from the API's fuzzy lookup as the user types, chosen by mouse
// or keyboard.

import * as api from "./api.js";
import { escapeHtml } from "./dom.js";
import { labelZh } from "./labels.js";

const DEBOUNCE_MS = 150;

export class SearchBox {
  constructor(input, list, { onChoose, getRegion, onError }) {
    this.input = input;
    this.list = list;
    this.onChoose = onChoose;
    this.getRegion = getRegion || (() => "");
    this.onError = onError || (() => {});
    this.rows = [];
    this.active = -1;
    this.timer = 0;
    // Answers can arrive out of order; only the latest query's may be shown.
    this.sequence = 0;
    input.addEventListener("input", () => this._schedule());
    input.addEventListener("keydown", (evt) => this._key(evt));
    input.addEventListener("focus", () => { if (this.rows.length) this._open(); });
    input.addEventListener("blur", () => setTimeout(() => this._close(), 150));
    list.addEventListener("mousedown", (evt) => {
      const li = evt.target.closest("li[data-index]");
      if (!li) return;
      evt.preventDefault();
      this._choose(Number(li.dataset.index));
    });
  }

  _schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), DEBOUNCE_MS);
  }

  async refresh() {
    const q = this.input.value.trim();
    const mine = ++this.sequence;
    if (!q) {
      this.rows = [];
      this._close();
      return;
    }
    try {
      const rows = await api.suggest(q, this.getRegion());
      if (mine !== this.sequence) return;
      this.rows = rows;
      this.active = rows.length ? 0 : -1;
      this._render(q);
    } catch (err) {
      if (mine === this.sequence) this.onError(err);
    }
  }

  _render(q) {
    if (!this.rows.length) {
      this.list.innerHTML = `<li class="none">没有与「${escapeHtml(q)}」相近的名称</li>`;
      this._open();
      return;
    }
    this.list.innerHTML = this.rows.map((row, i) => {
      const kind = row.type || row.kind_zh || labelZh(row.label);
      const where = row.region_name || row.region || "";
      return `<li role="option" data-index="${i}" class="${i === this.active ? "active" : ""}"`
        + ` aria-selected="${i === this.active}">`
        + `<span class="s-name">${escapeHtml(row.name)}</span>`
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
      if (this.active >= 0) this._choose(this.active);
      else this.refresh().then(() => { if (this.rows.length) this._choose(0); });
    } else if (evt.key === "Escape") {
      this._close();
    }
  }

  _choose(index) {
    const row = this.rows[index];
    if (!row) return;
    // A keystroke's pending lookup must not reopen the list over the chosen name.
    clearTimeout(this.timer);
    this.sequence += 1;
    this.input.value = row.name;
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
