// The page state that a shared link carries, kept in the URL's query string.
// Only what a colleague needs to see the same view goes here; layout positions do not.

const LIST_KEYS = new Set(["hide", "hidetypes", "exp"]);
const KEYS = ["view", "q", "node", "sel", "region", "depth", "cap", "hide", "hidetypes", "exp", "finding", "item", "topic",
  "pfrom", "pto"];
// A change of these is a new view (a history entry, so that Back returns to the one before);
// anything else (selection, filters, expansions) refines the current view in place.
const VIEW_KEYS = ["view", "node", "finding", "item", "topic", "pfrom", "pto", "region"];
// A link must stay shareable (chat tools cut long URLs), so only the first expansions travel.
const MAX_EXPANDED_IN_URL = 20;

export function readState(search = window.location.search) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value === null || value === "") continue;
    state[key] = LIST_KEYS.has(key) ? value.split(",").filter(Boolean) : value;
  }
  return state;
}

export function writeState(state) {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    let value = state[key];
    if (value === undefined || value === null || value === "") continue;
    if (LIST_KEYS.has(key)) {
      if (!value.length) continue;
      value = (key === "exp" ? value.slice(0, MAX_EXPANDED_IN_URL) : value).join(",");
    }
    params.set(key, String(value));
  }
  const query = params.toString();
  const url = window.location.pathname + (query ? "?" + query : "");
  if (url === window.location.pathname + window.location.search) return;
  const before = readState();
  const newView = VIEW_KEYS.some((key) => (before[key] || "") !== (params.get(key) || ""));
  if (newView) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}
