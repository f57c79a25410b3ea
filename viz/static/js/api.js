// Every call the page makes to the dutygraph HTTP API, in one place, so that the rest of the
// page never depends on a response's exact envelope. All URLs are relative: the page talks to
// the server that served it and nothing else.

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function getJson(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    query.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  const url = path + (query.toString() ? "?" + query : "");
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (err) {
    throw new ApiError("无法连接服务器，请检查 dutygraph serve 是否在运行。", 0);
  }
  if (!response.ok) {
    // Problem details (RFC 9457) carry a Chinese message in detail or title.
    let message = `请求失败（${response.status}）`;
    try {
      const problem = await response.json();
      message = problem.detail || problem.title || message;
    } catch (_) { /* not JSON: keep the status line */ }
    throw new ApiError(typeof message === "string" ? message : JSON.stringify(message), response.status);
  }
  return response.json();
}

// Lists come bare or inside a paginated envelope; the page only wants the rows.
export function rowsOf(json, ...keys) {
  if (Array.isArray(json)) return json;
  for (const key of [...keys, "items", "results", "findings", "data"]) {
    if (json && Array.isArray(json[key])) return json[key];
  }
  return [];
}

// One search over items (the who-handles lookup), departments, regions, laws and articles
// (api/routes_search.py → graph/lookup/search.py). Each hit names its region and why it was found.
export async function search(q, region, limit = 12) {
  const json = await getJson("/api/search", { q, region, limit });
  return rowsOf(json);
}

// Every region of the graph, a page of 500 at a time (a province with its townships has thousands).
export async function regions() {
  const rows = [];
  for (;;) {
    const json = await getJson("/api/regions", { limit: 500, offset: rows.length });
    const page = rowsOf(json, "regions");
    rows.push(...page);
    if (!page.length || rows.length >= (json.total || 0)) return rows;
  }
}

export function neighbourhood(id, { depth = 1, labels, cap = 150 } = {}) {
  return getJson(`/api/nodes/${encodeURIComponent(id)}/neighbourhood`, { depth, labels, cap });
}

// A node's direct neighbours by relationship and kind, with counts (graph/neighbourhood.py
// grouped_neighbours): the first page of each group, or the next page of one group.
export function groups(id, { perGroup = 20, group, offset = 0, rel, cap } = {}) {
  return getJson(`/api/nodes/${encodeURIComponent(id)}/groups`, { per_group: perGroup, group, offset, rel, cap });
}

export function item(id) {
  return getJson(`/api/items/${encodeURIComponent(id)}`);
}

export function department(id) {
  return getJson(`/api/departments/${encodeURIComponent(id)}`);
}

export function whoHandles(q, region) {
  return getJson("/api/who-handles", { q, region, limit: 10 });
}

// A region's gaps, overlaps and broken chains as one list (api/routes_viz.py), each finding as
// graph/analyses/findings.py Finding.to_dict() plus its explorer category.
export async function findings(region) {
  const json = await getJson("/api/viz/findings", { region, limit: 5000 });
  return { rows: rowsOf(json), total: json.total || 0, sections: json.sections || [], summary: json.summary_zh || "" };
}

// Chains of one approval (graph/analyses/linkage.py LinkageChain.to_dict() via /api/linkage/chain), best match first.
export async function linkageChain(item, region) {
  const json = await getJson("/api/linkage/chain", { item, region });
  return rowsOf(json);
}

export function path(from, to) {
  return getJson("/api/path", { from, to });
}

export async function dossierMarkdown(topic, region) {
  const query = new URLSearchParams({ topic, format: "markdown" });
  if (region) query.set("region", region);
  const response = await fetch(`/api/dossier?${query}`);
  if (!response.ok) throw new ApiError(`请求失败（${response.status}）`, response.status);
  return response.text();
}

export function dossier(topic, region) {
  return getJson("/api/dossier", { topic, region });
}

// The department scorecard of `dutygraph scorecard` (api/routes_scorecard.py), used by scorecard.html.
export function scorecard(region, { department, asOf } = {}) {
  return getJson("/api/scorecard", { region, department, as_of: asOf });
}
