// Chinese names and colours for everything the graph can show. The API speaks the model's
// English labels (graph/model.py); the page never shows one.

export const LABEL_ZH = {
  Region: "行政区划", Department: "部门/单位", PowerItem: "权责清单事项", TerritorialItem: "属地管理事项",
  Ruling: "职责边界认定", LinkageItem: "审管联动事项", AssistanceItem: "行政协助事项",
  TownshipDutyItem: "乡镇履职事项", Task: "职责任务", Law: "法律法规", Article: "法条",
  DepartmentType: "法定部门类型", Provision: "三定规定", Duty: "三定职责", DivisionClause: "职责分工条款",
  Call: "呼叫/热线诉求", Source: "来源行", ListVersion: "清单版本", DutyClause: "法规职责条款",
  Missing: "缺失环节", More: "未显示的邻居（再显示）",
};

export const REL_ZH = {
  PART_OF: "隶属", IN_REGION: "所在地区", HOLDS: "承担", BASED_ON: "依据", MANDATES: "法定职责",
  DEFINES: "规定", SUPERVISES: "监管", APPROVES: "审批", RULED: "认定", DIVIDES: "分工",
  DERIVED_FROM: "来自", FROM_SOURCE: "来源", SUPERSEDES: "替代", IN_VERSION: "所属版本", MATCHED: "匹配",
  CHAIN: "联动",
};

export const ROLE_ZH = { lead: "主体/牵头", cooperate: "配合", withdrawn: "上级部门收回" };

export const LEVEL_ZH = { national: "国家", province: "省级", city: "市级", county: "县级", township: "乡镇" };

// Colour of a node: its power type for 权责清单 rows (the analyst reads 许可 vs 处罚 at a glance),
// its label otherwise.
export const KIND_COLOUR = {
  "行政许可": "#2e9d5b", "行政处罚": "#d64545", "行政检查": "#e8892b", "行政强制": "#9c2f2c",
  "行政征收": "#8a6d3b", "行政给付": "#2f9aa3", "行政确认": "#6d8f3a", "行政奖励": "#c9a227",
  "行政裁决": "#7d5ba6", "其他行政权力": "#a48cc4", "公共服务": "#4fa3e0",
  Region: "#8c8c8c", Department: "#1f5fbf", PowerItem: "#4c9a7a", TerritorialItem: "#5b8c85",
  Ruling: "#a0522d", LinkageItem: "#c2185b", AssistanceItem: "#00897b", TownshipDutyItem: "#7cb342",
  Task: "#546e7a", Law: "#37474f", Article: "#78909c", DepartmentType: "#0277bd", Provision: "#283593",
  Duty: "#3949ab", DivisionClause: "#5e35b1", DutyClause: "#6a1b9a", Call: "#ef6c00", Source: "#b0b0b0", ListVersion: "#9e9e9e",
  Missing: "#ffffff", More: "#ffffff",
};

// What kind of finding an analysis kind is, for colour and badge. Everything that is not an
// overlap or a broken chain is a gap of some sort (graph/analyses/findings.py KIND_ZH).
export const FINDING_CATEGORY = {
  overlap: "overlap", linkage_broken: "broken", assignment_differs: "differs", coverage: "coverage",
};
// 「无法判断」 is neither a gap nor a break: it is drawn grey and listed apart.
export const UNDECIDABLE_KINDS = new Set(["coverage"]);
export const CATEGORY_ZH = { gap: "职责空白", overlap: "职责交叉", broken: "联动断链", differs: "各地不一", coverage: "无法判断" };
export const CATEGORY_BADGE = { gap: "空", overlap: "叠", broken: "断", differs: "异", coverage: "?" };
export const CATEGORY_COLOUR = { gap: "#e53935", overlap: "#ff9800", broken: "#c51162", differs: "#6d4c41", coverage: "#78909c" };

export function findingCategory(kind) {
  return FINDING_CATEGORY[kind] || "gap";
}

export function labelZh(label) {
  return LABEL_ZH[label] || label;
}

export function relZh(rel) {
  return REL_ZH[rel] || rel;
}

// The kind a node is filtered, coloured and counted by.
export function nodeKind(label, props) {
  if (label === "PowerItem" && props && props.power_type) return props.power_type;
  return label;
}

export function kindZh(kind) {
  return LABEL_ZH[kind] || kind;
}

export function kindColour(kind) {
  return KIND_COLOUR[kind] || "#607d8b";
}

export const ITEM_LABELS = new Set([
  "PowerItem", "TerritorialItem", "Ruling", "LinkageItem", "AssistanceItem", "TownshipDutyItem",
  "Task", "Duty", "DivisionClause", "DutyClause",
]);

// Types of items (power types, or item kinds for other lists) for the 事项类型 filter.
export function itemType(label, props) {
  if (!ITEM_LABELS.has(label)) return "";
  return (props && props.power_type) || labelZh(label);
}
