"""Read the clauses of a duty text: who leads, who cooperates, on what matter, at which level, under which condition.

    >>> [c.summary() for c in read_text_clauses("市场监管部门负责食品流通活动的监督管理，公安机关配合。", "law")]
    ['市场监管部门 ← 食品流通活动的监督管理 | 配合: 公安机关']

A clause is one duty given by a text: laws and local regulations (「县级以上人民政府生态环境主管部门对…实施统一监督管理」,
「违反本条例第X条规定……的，由A责令改正，处…罚款」), 职责分工 notices (「（一）县市场监管局：负责…」,
「X由A牵头，B、C配合」) and 三定 provisions (主要职责 items, 内设机构, 职责分工 paragraphs).

How it reads (a small parser, not a list of sentences):

1. The document is cut into units (:mod:`ingest.document_units`), each unit into sentences (。；) and
   each sentence into segments (，).
2. A *holder phrase* is a noun phrase that ends in an organ word (部门/机关/机构/局/委员会/人民政府/办事处 …)
   and is followed by a predicate (应当/负责/主管/对/会同/配合 …); it is split into holders along the
   Chinese coordination (、和 及 以及 或者, 「公安、市场监管等部门」 shares its suffix), with its level
   words (县级以上地方人民政府, 市、区县（自治县）, 乡镇 …) kept as the holder's level.
3. Each segment is then one of: a subject clause (holder phrase + predicate), a passive or penalty
   clause (「X由A负责」「……的，由A责令改正」), a cooperation clause (「B配合A做好X」「会同B」「提请A依法处理」),
   an approval clause (「取得A的许可」「向A申请」), a condition (「……的」「在……时」「除……外」) or a
   continuation of the clause before it (the subject carries over: elision).
4. Context carries across units: a heading 「X应当履行下列职责：」「（三）市质监局。」「X主要职责：」 makes X the
   subject of the items that follow; a 三定 text's items belong to its department.

A clause whose only holders are generic (有关部门, 相关部门, 各行业主管部门 …) is kept with ``generic=True``
and no holder; 「按照各自职责」「在各自职责范围内」「共同」「分别」 make the holders ``joint``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from graph.reference.data_files import read_rows
from graph.reference.department_domains import is_department_domain
from ingest.document_units import TextUnit, header, kind_of, text_units

# Patterns built from the word lists below are compiled once (the re module's own cache is too small).
_rx = lru_cache(maxsize=None)(re.compile)


def _words(kind: str) -> list[str]:
    """The words of one kind in graph/reference/data/clause_words.csv (each with its note and a corpus source)."""
    return [row["word"] for _, row in read_rows("clause_words.csv") if row["kind"] == kind]


def _verb_classes() -> dict[str, str]:
    return {row["word"]: row["class"] for _, row in read_rows("clause_words.csv") if row["kind"] == "verb"}


CJK = r"\u4e00-\u9fff"
# Words an organ's name ends with, longest first so that the alternation takes the fullest.
ORGAN_WORDS = sorted(_words("organ"), key=len, reverse=True)
# An organ word ends the name only where no longer organ word goes on (部 of 部门, 委 of 委员会, 办 of 办公室).
# Nor where the character starts a verb or noun with what follows (处理, 办理, 部署, 科学, 司法 …).
_ORGAN = "(?:" + "|".join(map(re.escape, ORGAN_WORDS)) + ")(?!门|员会|会(?!同)|公室|事处|理|置|罚|署|学|法(?!院)|面|内)"
# Names with 和 inside (one department, not two): the State Council's and local governments' names.
COMPOUND_AND = tuple(_words("compound"))
# The coordination between holders of one phrase (、和 及 以及 或者 …), longest first (及其 before 及).
_COORDINATION = "|".join(map(re.escape, sorted(_words("coordination"), key=len, reverse=True)))
# Bodies that are not public authorities even though their names end like one.
NOT_AUTHORITY = re.compile(r"(?:医疗|福利|仲裁|担保|金融|中介|检测|检验|评估|鉴定|培训|认证|测绘|勘测|公证|见证|"
                           r"科研|慈善|诊疗|公共文化|交易服务|防疫)机构$|^(?:幼儿园|学校|中小学校|少年宫|高等院校|新闻媒体)$|行业协会$")
_PAREN = rf"(?:[（(][{CJK}、，]{{1,12}}[）)])"

# Level words in front of a name, longest first. ``人民政府`` after them names the government whose
# department follows (「县级以上人民政府商务主管部门」).
LEVEL_WORDS = sorted(set(_words("level")), key=len, reverse=True)
# A one-character level word is not one when it begins a word: 市场, 市容, 区域, 乡村 ….
_NOT_LEVEL = r"(?!场|容|政(?!府|务)|民(?!政)|域|村|级|辖|委)"
# 乡镇企业, 市属企业: a field of enterprises, not a level.
_LEVEL = "|".join(re.escape(w) + "(?![乡镇]?企业)" + (_NOT_LEVEL if len(w) == 1 else "(?!办)" if w == "街道" else "") for w in LEVEL_WORDS)
# A district named in a list of levels (「市、县（市）、上街区人民政府」): a county-level government by its name.
_LEVEL += r"|(?<=[市县]、|[）)]、)[\u4e00-\u9fff]{1,3}(?<!自治)区(?=人民政府|[\u4e00-\u9fff]{2,12}(?:部门|机构|局))"
LEVEL_PREFIX = re.compile(rf"^(?:(?:{_LEVEL})(?:[（(](?:自治县|自治州|市|区|县|州|镇|乡)[）)])?(?:和|、|及|或者)?)+(?:人民政府(?![和、及与或])(?=[{CJK}]{{2}}))?")

# Predicates that follow a holder phrase.
PREDICATE = (r"有权|应当|应(?!急)|可以|要|须|必须|每[一二三四五六七八九十两0-9]*(?:年|季度|月)|依法|负责|具体负责|主管|对|按照|依照|依据|根据|在|是|会同|配合|协助|协同|共同|分别|"
             r"承担|牵头|统筹|组织|领导|加强|建立|制定|编制|指导|做好|开展|定期|及时|设立|确定|审定|履行|实施|推进|"
             r"支持|研究|监督|保障|办理|受理|核发|给予|提供|设置|将|统一|贯彻|积极|按|与|建设|作出|收到|决定|召集|"
             r"主持|听取|选举|管理|代表|联系|具体|对外|享有|行使|成立|公布|拟定|拟订|审查|接到|督促|协调|参与|"
             r"结合|严格|不得|不予|各负其责|制订|执行|通过|应用|出具|确认|核实|终止|先行|为(?!了)|落实|动员|审批|批准|认为|依|"
             r"下设|设在|具体实施|按照规定|编排|维护|负全责|负总责|具体指导|主动|贯彻落实|提出|报告|向|任免|决定任免|任命|罢免|发现|获悉|查明|审核|鼓励|处理(?!决定|意见|结果)|为了(?=[^，。]{2,40}(?:[，,]|$))|"
             r"经(?!济|营|信|贸|费|纪|销|常|典|历|理|办)(?=[^，,。]{2,30}?(?:同意|批准|授权)[，,])")
_REFUSED_ACTS = r"办理|核发|批准|登记|颁发|发放|受理|审批|许可|准予"
_REFUSAL = re.compile(r"^(?:依法)?(?:不得|不予)(?P<v>" + _REFUSED_ACTS + r")(?:其)?(?P<x>[^，,。；;]*)")
# The predicate of a duty (after the holder): a modal or a duty verb. A narrative 「X积极探索…」 gives none.
DUTY_HEAD = re.compile(r"^(?:有权(?:依法)?(?=[\u4e00-\u9fff]{2})|将[^，。；]{2,40}?(?:纳入|列入)|处理(?!决定|意见|结果)|应当|应(?!急)|可以|可|要|须|必须|定期|及时|按(?:职责|分工|规定)|每[一二三四五六七八九十两0-9]*(?:年|季度|月)|负责(?!制(?!定|订))|具体负责|具体实施|主管|承担|牵头|统筹|领导|会同|配合|协助|协同|共同|分别|"
                       r"统一负责|对[^，。]{1,80}?(?:监督|管理|监管|负|实施|进行|予以|给予|作出|检查)|是[^，。]{0,40}主管|"
                       r"按照|依照|依据|依法|在[^，。]{1,30}?(?:领导|指导|协调)下|在各自|根据|组织|建立|设立|制定|编制|审批|核发|受理|"
                       r"公布|确定|下设|设在|认为|履行|指导|编排|决定|主持|召集|选举|任免|任命|罢免|享有|行使|建设|为(?!了)|加强|对|在[^，。]{1,80}?时|"
                       r"设置|开展|做好|统一|推进|保障|鼓励|支持|实施|审查(?!人员)|审议|批准|监督(?!管理部门|检查人员|人员)|"
                       r"经[^，,。]{2,30}?(?:同意|批准|授权)$|"
                       # 「…的，A不得办理X」: the body told to refuse an approval is the one that grants it.
                       r"(?:不得|不予)(?=" + _REFUSED_ACTS + r")|在[^，,。]{2,40}?中发现[^，,。]{2,60}$)")
CONCRETE_ORGAN = re.compile(r"(?:局|委|办|厅|委员会|办公室|中心|所|站|队|处|科|股|室|司)$")
ORGAN_ANY = re.compile("|".join(map(re.escape, ORGAN_WORDS)))
APPLICATION_WORDS = re.compile(r"许可|批准|审批|申请|申报|备案|办理|审查|审核|申领|核定|认定|告知|审议|审定|同意")
# A matter that is only a verb: the thing it acts on is said elsewhere in the sentence (a topic before the holder).
VERB_ONLY = re.compile(r"^(?:及时)?(?:研究)?(?:制定|决定|处理|(?:组织)?编制|(?:组织|进行)?验收|保障|予以保障|予以表彰(?:或奖励)?|审批|批准|公布|协调|组织协调|核实处理|"
                       r"调查处理|办理)(?:并(?:予以)?(?:发布实施|公告|公布))?$")
# What an item or an elided clause starts with when it states a duty (not a noun: 「供水、供电等服务行业要…」).
DUTY_START = re.compile(r"^(?:负责|具体负责|承担|主管|履行|对|依法|查处|组织|协调|指导|监督|督促|研究|贯彻|制定|拟定|拟订|编制|建立|"
                        r"开展|做好|加强|配合|协助|参与|统筹|实行|定期|及时|按照|根据|在|审批|核发|受理|办理|检查|推动|推进|"
                        r"宣传|落实|起草|管理|保障|提供|完善|规范|会同|联合|严把|督办|审定|确定|发布|设立|实施|参加|承办|"
                        r"领导|协同|统一|向|每月|每年|收集|统计|处理|提出|决定|审查|负全责|牵头|提请|移送|完成|批准|审议|听取)")
# A holder phrase never holds these (「…组织应当协助本市各级人民政府」 is two phrases), nor starts with a verb.
NP_INNER = re.compile(r"应当|应(?!急)|可以|被|负责(?!.*的(?:主管)?部门)|协助|配合|会同|做好|按照|依照|根据|提请|移送|对(?!外)|当事人|向|"
                      r"(?<![已曾])经(?!济|营|信|贸|费|纪|销|常|典|历|理|办|委)")  # 「地方性法规经省人大常委会批准后」: 经 opens an adverbial (人大财经委 is a name)
NP_START = re.compile(r"^(?:业务上|受(?=[^，,。；]{2,40}?(?:领导|指导|监督))|构建|坚持|保留|撤销|组建|建立健全|指导|组织|督促|协调|监督|支持|推动|引导|鼓励|加强|建立|提请|移送|通报|抄送|接到|发现|对|向|由|并|到|将|把|"
                      r"联合|要求|邀请|委托|结合|实行|实施|设立|设置|确定|制定|编制|开展|做好|检查|参与|经(?!济|营|信)|未经|报|在|与|和|及|或|以|"
                      r"要|须|应(?!急)|必须|转|当事人|任何|不得|严禁|禁止|每月|每年|"
                      r"审定|研究|统一|具体|定期|及时|积极|主动|一是|二是|三是|现场|配合|协助|协同|会同|予以|需要|"
                      r"负责(?![^，。]*的(?:主管)?部门))")
# Townships named by their level word alone (属地管理: 「乡镇（街道）配合做好…」「各镇要及时发现、报告…」).
_TOWNSHIP = r"(?:乡镇|乡（镇）|乡\(镇\)|镇|乡|街道|村|社区)(?:[（(](?:街道|社区|村|居|镇|乡|园区)[）)])?"
HOLDER_CLAUSE = re.compile(
    rf"^(?P<np>(?:[{CJK}（）()、]|{_PAREN}){{0,160}}?(?:{_ORGAN})(?:{_PAREN})?(?:等(?:有关|相关)?(?:行政)?(?:部门|单位|机关|机构)?)?"
    # 「乡镇人民政府、街道办事处和机关、团体、企业事业单位以及其他组织应当…」: bodies that are no authority close the list
    # (the tail holds no predicate nor 的: 「…人民政府及其部门应当对…的单位和个人给予表彰」 is a duty of the governments)
    rf"(?:(?:和|及|以及|、)(?:(?!应当|可以|负责|的)[{CJK}、]){{2,30}}?(?:企业事业单位|事业单位|单位|其他组织|社会组织|有关组织|团体|个人|主体))?|"
    rf"各?{_TOWNSHIP}(?:[、和]各?{_TOWNSHIP})*)"
    rf"(?:（以下(?:简|统)?称[^）]{{1,20}}）)?(?P<pred>(?:{PREDICATE}))")
GENERIC = re.compile(r"^其|^(?:依法)?作出[^的]{1,12}的|^(?:具有|符合)[^的]{1,20}的机构$|^各部门$|^(?:上级机关|上级主管部门|上一级主管机关|所在单位|其所在单位|其上级机关|原发证机关|处理机关|监察机关)$|"
                     r"^其他|^(?:各|本市|市|区|县|省|各级|政府)?(?:有关|相关)(?!(?:区县|区|县|市|乡镇|乡|镇)(?:[（(][^）)]*[）)])?(?:人民政府|[\u4e00-\u9fff]{2,8}(?:行政)?主管部门$))|有关(?:职能|行政管理|主管|行政)?部门$|"
                     r"相关(?:职能|行政管理|行政)?部门$|^各行业主管部门$|^行业主管部门$|^政府及有关部门$|^(?:行政)?机关$|"
                     r"^制定机关$|^任命机关$|^原(?:审批|批准|发证|备案|登记)|^(?:发证|作出处罚决定的)机关$|^上(?:一)?级(?:行政|主管|有关)?(?:机关|部门)$")
MODALS = re.compile(r"^(?:应当|应|可以|要(?!求)|须|必须|依法|积极|及时|切实|认真|负责|具体)+")
# A segment that only qualifies the duty (「在定期普查的基础上」「依据…」); 自/从 only as 「自…起」.
# 经 as 「经…批准/同意…」, not as the first character of a word (经济, 经营, 经纪人, 经费, 经销, 经常).
ADVERBIAL = re.compile(r"^(?:在|依据|根据|按照|依照|参照|结合|为了|通过|受[^，,]{2,40}委托|征得[^，,]{2,40}同意(?:后)?$|经(?!济|营|纪|费|销|常|典|历)|以[^，,]{2,40}为(?:基础|依托|重点|目标|主体|核心|导向)|"
                       r"自[^，,]{0,20}(?:起|之日)|从[^，,]{0,20}(?:起|开始))")
PENALTY = re.compile(r"责令|取缔|拖移|扣留|查封|扣押|从重处罚|从轻(?:或者减轻)?处罚|处以?[一二三四五六七八九十百千万0-9]|罚款|没收|吊销|警告|予以处罚|依法处罚|给予[^，。]{0,12}处罚|"
                     r"依法(?:进行)?处理|依照[^，。]{0,40}(?:处罚|处理)|代为补种|予以收缴|追缴|作出处罚|予以撤销|处理$|处罚$")
APPROVAL = re.compile(r"审批|批准|许可|核发|登记|备案|审查|审核|确认|认定")
SUPERVISE = re.compile(r"监督管理|监督检查|监管|监督|督察|检查")
JOINT = re.compile(r"各自(?:的)?(?:法定)?职责|各自(?:的)?职责范围|各自业务范围|职责分工|共同|分别|各负其责")
LEVEL_ORDER = ("国家", "省", "市", "县", "乡")
ITEM_MARK = re.compile(r"^\s*(?:[（(][一二三四五六七八九十百]+[)）]|[0-9０-９]+[.、．]|[一二三四五六七八九十]+、)\s*")
INLINE_ITEM = re.compile(r"[（(][一二三四五六七八九十]+[)）]")
HEADING = re.compile(rf"^(?P<np>.{{2,60}}?)(?:在[^，,。]{{2,30}}?中)?(?:应当|应)?(?:履行|承担)?(?:下列|以下)(?:主要)?(?:工作)?职责[：:]|"
                     rf"^(?P<np2>.{{2,40}}?)(?:的)?主要(?:工作)?职责(?:是|如下)?[：:]|^(?P<np3>.{{2,30}}?)(?:的)?(?:部门)?(?:工作)?职责[：:]$|"
                     # 「人民代表大会常务委员会任免下列国家工作人员：」: a body and what it does to the items below
                     rf"^(?P<np4>[^，,。；：]{{2,40}}?(?:{_ORGAN}))(?:应当|可以|依法)?(?:任免|决定任免|决定|审议|审查|批准|行使|承担|履行|负责|做好|开展)"
                     r"[^，,。；：]{0,40}?下列[^，,。；：]{0,20}[：:]$")


@dataclass(frozen=True)
class Holder:
    """One department or department type as the text names it, with its level words (市、县 …)."""

    name: str
    level: str = ""


@dataclass
class Clause:
    """One duty: ``leads`` hold it (several and ``joint`` for 按照各自职责), ``cooperating`` help."""

    unit: TextUnit
    sentence: str
    matter: str
    leads: list[Holder] = field(default_factory=list)
    cooperating: list[Holder] = field(default_factory=list)
    verb: str = "负责"
    condition: str = ""
    level: str = ""
    joint: bool = False
    generic: bool = False

    def summary(self) -> str:
        lead = "、".join(h.name for h in self.leads) or "（泛指有关部门，无具体承担者）"
        coop = "、".join(h.name for h in self.cooperating)
        return f"{lead} ← {self.matter}" + (f" | 配合: {coop}" if coop else "") + (f" | 条件: {self.condition}" if self.condition else "")

    def as_dict(self) -> dict:
        return {"line": self.unit.line, "locator": self.unit.locator, "sentence": self.sentence,
                "leads": [h.name for h in self.leads], "cooperating": [h.name for h in self.cooperating],
                "matter": self.matter, "verb": self.verb, "condition": self.condition, "level": self.level,
                "joint": self.joint, "generic": self.generic}


# ---------------------------------------------------------------- holders

def level_of(prefix: str, name: str = "") -> str:
    """「市、区」 → 「市、县」; 「县级以上地方」 → 「县级以上」; 「乡镇」 → 「乡」; a name with no level words → ""."""
    text = prefix
    name = name[1:] if name.startswith("各") else name
    if not text:
        m = _rx(r"^(国家|省|自治县|自治州|市|区县|区|县|乡镇|乡|镇|街道)(?!企业)(?!场|容|政(?!府|务)|民|域|村|辖)").match(name)
        text = m.group(1) if m and len(name) > len(m.group(1)) + 1 else ""
        if not text and name.startswith(("街道办事处", "乡镇人民政府", "镇人民政府", "乡人民政府")):
            text = "乡"
        if not text and name == "国务院":
            return "国家"
    if not text:
        return ""
    if "县级以上" in text:
        return "县级以上"
    if text in ("各级", "地方各级", "本市各级", "本省各级", "本级", "同级", "所在地"):
        return ""
    found = set()
    text = text.replace("自治区", "省").replace("自治州", "市")  # 自治县 reads as 县 already
    if re.search("国务院|国家", text):
        found.add("国家")
    if "省" in text.replace("省辖市", ""):
        found.add("省")
    if re.search("市", text.replace("县（市", "").replace("区(市", "").replace("县(市", "").replace("县（市、区）", "县")):
        found.add("市")
    if re.search("区|县", text):
        found.add("县")
    if re.search("乡|镇|街道", text):
        found.add("乡")
    return "、".join(lv for lv in LEVEL_ORDER if lv in found)


def split_holders(np: str) -> tuple[list[Holder], bool]:
    """A holder phrase → holders (generic ones dropped) and whether it named only generic bodies.

    「市、区商务和发展改革部门」 → 商务部门, 发展改革部门 (level 市、县);
    「公安、市场监管等部门」 → 公安部门, 市场监管部门; 「人民政府及其有关部门」 → 人民政府.
    """
    np = _rx(r"（以下(?:简|统)?称[^）]*）").sub("", np).strip("，,、 ")
    # 「市人民政府和嵩县、栾川县人民政府有关部门」: the departments concerned of those governments — generic.
    if _rx(r"[和、]").search(np) and _rx(r"人民政府(?:的)?(?:有关|相关)(?:职能|行政)?(?:主管)?部门$").search(np) \
            and not _rx(r"(?:及其|和|及|以及)(?:有关|相关)(?:职能|行政)?(?:主管)?部门$").search(np):
        return [], True
    # 「辖区内公安、民政、司法行政等有关单位」: a list of departments' fields (as the data on government departments
    # knows them) names departments, whatever the closing word.
    np = _rx(r"^(?:本)?(?:辖区|行政区域|区域)内(?=[\u4e00-\u9fff]{2})").sub("", np)
    fields = _rx(r"等(?:有关|相关)单位$").split(np)
    if len(fields) == 2 and not fields[1] and all(is_department_domain(f) for f in _rx(r"[、和及]").split(fields[0]) if f):
        np = fields[0] + "等有关部门"
    # 「村民委员会或者农村集体经济组织以及国有林场、铁路、公路…等单位」: units under a duty of their own (as owners,
    # operators), no public authority among them — nothing to record as a holder.
    if _rx(r"等[\u4e00-\u9fff]{0,4}单位$").search(np) and not _rx(r"政府|部门|机关|办事处|管委会|管理委员会|局|委员会(?!会)").search(_rx(r"[村居]（?[村居]?）?民委员会").sub("", np)):
        return [], False
    # 「市人民代表大会及其常务委员会」: the standing committee of that congress, a body of its own.
    np = _rx(r"(?P<a>[^、，和及]*人民代表大会)及其(?P<b>常务委员会|常委会)").sub(lambda m: f"{m['a']}和{m['a']}{m['b']}", np)
    # 「各级人民政府及其部门」「执行委员会及其工作机构」: its unnamed units are no holders of their own (as
    # 「及其有关部门」); a named one is (「公安机关及其交通管理部门」).
    np = _rx(r"(?<=[\u4e00-\u9fff]{2})及其(?:所属|下属|组成|职能|工作)?(?:部门|机构|单位)$").sub("", np)
    # 「…等有关部门（机构）」: the bracket widens the type, it names no one else.
    np = _rx(r"[（(](?:机构|单位|部门|组织|单位、组织)[）)]$").sub("", np)
    np = _rx(r"^(?:(?:本市|本省)的?|由|对|经(?!济|营|信|贸)|向|在)").sub("", np) if len(np) > 4 and not np.startswith(("本市各级", "本省各级")) else np
    # 「自主创新示范区所在地省辖市人民政府」「政府储备粮所属人民政府财政部门」: the place words are a level.
    np = _rx(r"^[^、，]{2,14}?(?:所在地的?|发生地的?|属地的?|所属)(?=[省市县区乡镇]|人民政府)").sub("", np)
    # 「属地县级人民政府环境保护主管部门」「所在地乡镇人民政府」: the place word says where, not who.
    np = _rx(r"^(?:属地|所在地|当地|发生地)(?=县级|[省市县区乡镇街]|人民政府)").sub("", np)
    # 「输入地动物卫生监督机构」「户籍所在地社会保险经办机构」: where, not who (the body is the same type everywhere).
    np = _rx(r"^(?:[^、，的]{0,4}所在地|输入地|输出地|迁入地|迁出地|居住地|行为地|发生地|属地|当地)的?(?=[\u4e00-\u9fff]{3})").sub("", np)
    # 「其所属的社会保险经办机构」「其设立的办事机构」: the unit of the body just named is a holder of its own.
    np = _rx(r"^其(?:所属|下属|设立|设置|委托|指定|派出)的?(?=[\u4e00-\u9fff]{3})").sub("", np)
    # 「山体保护范围内的村（居）民委员会」: a place phrase in front of the body is no part of its name.
    np = _rx(r"^[^、，的]{2,20}(?:范围内|区域内|辖区内|保护区内)的(?=[\u4e00-\u9fff]{3})").sub("", np)
    np = _rx(r"^[^、，]{2,14}?所属人民政府(?=[\u4e00-\u9fff]{2})").sub("", np)
    # 「集会、游行、示威举行地的市、县公安局」: a place phrase ending in 地的 says where.
    np = _rx(r"^[^，的]{2,20}?(?<!本)(?<!各)地的(?=[省市县区乡镇]|人民政府)").sub("", np)
    # 「县级以上地方人民政府的林业、园林等主管部门」: the departments of those governments, at their level.
    np = _rx(rf"^(?P<lv>(?:(?:{_LEVEL})(?:[、和]|或者)?)+)(?:地方)?(?:各级)?人民政府的(?=[^、，的]{{2,}}(?:[、和]|部门|机关|机构))").sub(
        lambda m: m.group("lv"), np)
    # 「机场、港口、码头的主管部门」: a list of fields before 的 + a type word is one department per field.
    np = _rx(r"^(?P<l>[^，的]{2,40}[、和][^，的、]{2,20})的(?P<s>(?:行政)?主管部门|(?:行政)?管理部门)$").sub(
        lambda m: m.group("l") + "等" + m.group("s"), np)
    # 「未达到国家大气环境质量标准的县（区）人民政府」「原批准的文物行政部门」「本市的法律援助机构」: a qualifier
    # that names no body of its own, before 的, narrows which bodies hold the duty; the holder is the name after it.
    qual = _rx(rf"^(?P<q>[^、，的]{{1,40}}?)的(?P<n>[^、，的]{{3,}})$").match(np)
    if qual and not ORGAN_ANY.search(qual.group("q")) and not _rx(r"(?:负责|主管|负有|承担|履行|其他|有关|相关)").search(qual.group("q")):
        np = qual.group("n")
    # 「残疾人工作委员会的办事机构」: the unit of a body holds the duty.
    rel = _rx(rf"^[^、，的]{{2,20}}(?:{_ORGAN})的(?P<unit>[^、，的]{{2,12}}(?:{_ORGAN}))$").match(np)
    if rel:
        np = rel.group("unit")
    m = LEVEL_PREFIX.match(np)
    prefix = m.group(0) if m else ""
    body = np[len(prefix):]
    # 「区(市、县)、管委会有关职能部门」: a named government's departments, as one collective holder.
    coll = _rx(r"^(?P<gov>.*?)(?:有关|相关)(?:职能|行政管理)?部门$").match(np)
    if coll and coll.group("gov") and not _rx(r"(?:及其|和|及|、|其他|各)$").search(coll.group("gov")) \
            and _rx(r"[（(、]").search(coll.group("gov")) \
            and _rx(rf"^(?:(?:{_LEVEL}|{_PAREN}|、|人民政府|政府|管委会|各)+)$").match(coll.group("gov")) \
            and len(coll.group("gov")) > 1 and not _rx(r"人民政府$|政府$").search(coll.group("gov")):
        # (「市和区、县人民政府有关部门」 is the generic 有关部门 of those governments, see GENERIC)
        return [Holder(np, level_of(prefix, np))], False
    if not body or _rx(r"(?:人民政府|政府)(?:[（(][^()（）]*[)）])?").fullmatch(body) \
            or _rx(rf"各?{_TOWNSHIP}(?:[、和]各?{_TOWNSHIP})*").fullmatch(np):
        name = np
        return [Holder(name, level_of(prefix, name))], False
    # Shared suffix of a list: 「公安、市场监管等部门」, 「商务和发展改革部门」.
    suffix = ""
    ms = _rx(r"等?((?:有关|相关)?(?:行政主管部门|主管部门|行政管理部门|行政部门|管理部门|部门|机关))$").search(body)
    if ms:
        suffix = _rx(r"^(?:有关|相关)").sub("", ms.group(1))
    protected = _rx(r"[（(][^()（）]*[)）]").sub(lambda x: x.group().replace("、", "\x00").replace("和", "\x01"), body)
    for name in COMPOUND_AND:
        protected = protected.replace(name, name.replace("和", "\x01"))
    if "政府" in protected or "人民代表大会" in protected:
        protected = _rx(rf"(?<![\u4e00-\u9fff])(?:(?:{_LEVEL})[、和])+(?:{_LEVEL})(?=人民政府|政府|人民代表大会)|(?<=[、和])(?:(?:{_LEVEL})[、和])+(?:{_LEVEL})(?=人民政府|政府|人民代表大会)").sub(
            lambda x: x.group().replace("、", "\x00").replace("和", "\x01"), protected)
    # 「乡（镇）、街道兽医机构」: township levels listed before one body name the same kind of body at each.
    protected = _rx(rf"(?:(?<=[、和])|^)(?:乡(?:[（(]镇[）)])?|乡镇|镇)[、和]街道(?=[\u4e00-\u9fff]{{2,12}}(?:机构|站|所|中心)$)").sub(
        lambda x: x.group().replace("、", "\x00").replace("和", "\x01"), protected)
    parts = [p.replace("\x00", "、").replace("\x01", "和") for p in _rx(_COORDINATION).split(protected) if p]
    # 「公安、畜牧、卫生、工商等部门和城市街道办事处」: 等 ends a sub-list; its suffix is shared backwards.
    # 「交通、公安交通、市政管理…、卫生等有关行政主管部门和区、县人民政府」: the parts up to 「…等…部门」 are a
    # closed list of departments, whatever the words (市政管理 need not be a known field).
    parts = _distribute_over_places(parts)
    # 「…人民政府及其所属乡（镇）人民政府」: 所属 says whose; the townships are holders of their own.
    parts = [_rx(r"^(?:所属|下属)(?=乡|镇|街道|区|县)").sub("", p) for p in parts]
    closed_upto = next((i for i, p in enumerate(parts[:-1]) if _rx(r"等(?:有关|相关)?(?:行政)?(?:管理)?(?:主管)?部门$").search(p)), -1)
    parts = [_rx(r"等(?:有关|相关)?((?:行政)?(?:管理)?(?:主管)?部门)$").sub(r"\1", p) if i < len(parts) - 1 else p
             for i, p in enumerate(parts)]
    type_suffix = _rx(r"(?:行政主管部门|主管部门|行政管理部门|行政部门|管理部门|部门)$")
    own_suffix = [(m.group(0) if (m := type_suffix.search(_rx(r"^(?:有关|相关)").sub("", p))) else "") for p in parts]
    holders: list[Holder] = []
    generic_seen = False
    closed = bool(ms and ms.group(0).startswith("等")) or bool(_rx(r"等[^、]{0,8}(?:部门|机关|机构|单位|组织)$").search(body))
    if closed_upto < 0:
        parts, own_suffix = _join_inner_coordination(parts, own_suffix, body, closed)
    dropped: list[str] = []
    for i, part in enumerate(parts):
        later_suffix = next((own_suffix[j] for j in range(i + 1, len(parts)) if own_suffix[j]), "")
        if i == len(parts) - 1:
            part = _rx(r"等(?:[^、]{0,8}?)(?:有关|相关)?(?:行政)?(?:管理)?(?:部门|单位|机关|机构|组织)$|等$").sub("", part)
        if not part:
            continue
        # 「深圳市城市管理局（深圳市城市管理行政执法局）」: the name before its alias in brackets.
        part = _rx(rf"(?<=[局委办厅室部])[（(][^（）()]{{2,30}}(?:{_ORGAN})[）)]$").sub("", part)
        if not _rx(rf"(?:{_ORGAN}|等)(?:{_PAREN})?$").search(part) and not _GOVERNMENT_ONLY.fullmatch(part):
            # A bare word of a list takes the list's suffix when it names a department's field (「教育、卫生
            # 行政部门」) or the list says 「等…部门」; a noun that is no field (「学校、幼儿园和教育行政部门」,
            # 「机关、团体、企业事业单位及村民委员会」) is no holder.
            pm = LEVEL_PREFIX.match(part)
            field_word = _rx(r"[（(][^（）()]*[)）]").sub("", part[len(pm.group(0)) if pm else 0:] or part)
            if not (closed or i <= closed_upto or is_department_domain(field_word)):
                dropped.append(part)
                continue
            if later_suffix or suffix:
                shared = later_suffix or suffix
                # 「城市管理等管理部门」: the part already ends with the suffix's first word.
                part = part + (shared[2:] if shared.startswith("管理") and part.endswith("管理") else shared)
        elif suffix and i == len(parts) - 1 and not part.endswith(suffix) and ms and ms.group(0).startswith("等") \
                and not CONCRETE_ORGAN.search(part):  # 「县自然资源局、县城管局等部门」: 县城管局 is named already
            part = part + suffix
        pm = LEVEL_PREFIX.match(part)
        own = pm.group(0) if pm else ""
        if GENERIC.search(part[len(own):] or part) or part in ("单位", "机关", "有关单位"):
            generic_seen = True
            continue
        if NOT_AUTHORITY.search(part) or NP_START.match(part):
            continue
        if _rx(r"(?:人民政府|政府)(?:[（(][^()（）]*[)）])?").fullmatch(part) and prefix:
            part = prefix + part
        elif i == 0 and prefix in ("国家", "市", "县", "区", "省", "乡", "镇") and CONCRETE_ORGAN.search(part):
            part = prefix + part  # 「市质监局」「国家环境保护局」 are one department; 「市交通主管部门」 a type at the 市 level
        holders.append(Holder(part, (not own and _place_level(part)) or level_of(own or prefix, part)))
    if any(_rx(r"企业|事业单位|团体|个人|其他组织").search(d) for d in dropped) \
            and not any(_rx(r"(?:人民政府|政府|办事处|居民委员会|村民委员会|部门)$").search(h.name) for h in holders):
        # 「国家机关、社会团体、企业事业单位…要…」: everyone is exhorted, no one holds a duty; but in 「乡、镇人民政府和
        # 街道办事处，企业、事业单位应当…」 the governments named hold it (the others are no public bodies)
        return [], False  # 「国家机关、社会团体、企业事业单位以及基层群众性自治组织要…」: everyone is exhorted, no one holds a duty
    return holders, generic_seen and not holders


def _place_level(part: str) -> str:
    """「嵩县人民政府」「华龙区人民政府」: a government named by its place (a division) is at the level its name says
    (上海市 → 市, as the text reads it, though a province-level city)."""
    m = _rx(r"^(?P<p>[\u4e00-\u9fff]{1,8}(?P<w>[省市县区州旗盟镇乡]))(?:人民政府|政府)$").match(part)
    if not m:
        return ""
    from graph.reference.regions import find_regions_in_text

    if not any(span == (0, len(m.group("p"))) for span, _ in find_regions_in_text(m.group("p"))):
        return ""
    return level_of(m.group("w"))


def _distribute_over_places(parts: list[str]) -> list[str]:
    """「濮阳县、清丰县、南乐县、华龙区人民政府（…）及其所属乡（镇）人民政府」: named places coordinated before one body
    word are that many bodies, each place's own (濮阳县人民政府 …), not one body named by the last place."""
    place_only = [bool(_rx(r"^[\u4e00-\u9fff]{1,8}[省市县区州旗盟镇乡]$").match(p)) for p in parts]
    if not any(place_only):
        return parts
    from graph.reference.regions import find_regions_in_text

    def whole_place(p: str) -> bool:
        return any(span == (0, len(p)) for span, _ in find_regions_in_text(p))

    # 「市人民政府和嵩县、栾川县人民政府」: the run of places may come after other holders too.
    out, j = [], 0
    while j < len(parts):
        k = j
        while k < len(parts) and place_only[k]:
            k += 1
        if k == j or k == len(parts):
            out += parts[j:k + 1]
            j = k + 1
            continue
        head = next((parts[k][span[1]:] for span, _ in find_regions_in_text(parts[k]) if span[0] == 0), "")
        if head and _rx(rf"^(?:人民政府|政府|[\u4e00-\u9fff]{{0,20}}(?:{_ORGAN}))$").match(head) \
                and all(whole_place(p) for p in parts[j:k]):
            out += [p + head for p in parts[j:k]]
        else:
            out += parts[j:k]
        out.append(parts[k])
        j = k + 1
    return out


# A part that is only level words and brackets: a government named by its level 「各区(市、县)」.
_GOVERNMENT_ONLY = _rx(rf"各?(?:(?:{_LEVEL})|{_PAREN}|、)+")


def _field_of(part: str) -> str:
    """「市教育行政部门」 → 教育: the part without its level words and organ suffix."""
    pm = LEVEL_PREFIX.match(part)
    core = part[len(pm.group(0)) if pm else 0:] or part
    return _rx(r"(?:行政主管部门|主管部门|行政管理部门|行政部门|管理部门|职能部门|部门|主管机关|机关|机构|办公室|委员会|局|委|办)$").sub("", core)


def _join_inner_coordination(parts: list[str], own_suffix: list[str], body: str, closed: bool):
    """Rejoin a name with coordination inside it: 「打击拐卖妇女、儿童办公室」 is one office, not two holders.

    A bare part that names no department's field is joined to the part after it when that part's own
    field is no department field either (so the 、 is inside one name); before a real department
    (「学校、幼儿园和教育行政部门」) it stays apart, to be dropped as a non-authority.
    """
    if closed or len(parts) < 2:
        return parts, own_suffix
    out, suffixes = list(parts), list(own_suffix)
    i = 0
    while i < len(out) - 1:
        part, nxt = out[i], out[i + 1]
        if not _rx(rf"(?:{_ORGAN})(?:{_PAREN})?$").search(part) and not _GOVERNMENT_ONLY.fullmatch(part) \
                and not is_department_domain(_field_of(part)) and not is_department_domain(_field_of(nxt)) \
                and _rx(rf"(?:{_ORGAN})$").search(nxt) and part + "、" + nxt in body:
            out[i:i + 2] = [part + "、" + nxt]
            suffixes[i:i + 2] = [suffixes[i + 1]]
            continue
        i += 1
    return out, suffixes


def seg_next_is_duty(seg: str) -> bool:
    """Set by :func:`read_sentence`: whether the segment after ``seg`` opens with 负责/承担."""
    return _NEXT_DUTY.get(seg, False)


_NEXT_DUTY: dict[str, bool] = {}
_NEXT_ANY: dict[str, bool] = {}  # the segment after opens a duty after a qualifier (「依据各自职责，负责…」)


# Words whose last character is an organ word but which name no body (布局, 举办, 场所, 内部 …).
_NOT_ORGAN_END = _rx(r"(?:布|格|结|全|大|时|当)局$|(?:举|创|兴|承|主|开|督|代|协|查|包|操|置)办$|(?:场|住|处|寓)所$|"
                     r"(?:内|外|全|局|干|总|南|北|东|西|中)部$|(?:到|好|出|住|相|判|论|各|查|惩|处|办|调)处$")


def find_holder_clause(seg: str) -> tuple[str, str] | None:
    """(holder phrase, rest) when the segment opens with a holder phrase and its predicate."""
    # 「设置县委农办秘书股，负责…」: an internal unit set up, its duty in the next segment.
    m = _rx(rf"^(?:设置|设立|增设)(?P<np>[{CJK}]{{2,20}}?(?:股|科|室|处|司|局|办|中心|队))$").match(seg)
    if m and seg_next_is_duty(seg):
        return m.group("np"), ""
    m = HOLDER_CLAUSE.match(seg)
    if not m:
        return None
    np = m.group("np")
    rest = seg[m.start("pred"):]
    # 「工会组织的建立、分立」: a predicate word followed by 的 is a noun here, the body's name runs on.
    if _rx(r"^(?:组织|管理|建设|监督|执行|代表|领导)(?:机构)?的").match(rest):
        return None
    # 「市公安部门设立的犬只收容所负责…」: a relative clause — the holder is the later name.
    later = _rx(rf"^[{CJK}]{{1,6}}的").match(rest) or _rx(rf"^(?:依法|(?:根据|按照)[^，,的]{{2,12}}?)?(?:设立|设置|派驻|组建|成立|指定|确定)(?:[^，,]{{2,30}}?)?的(?=[^，,的]{{2,30}}(?:{_ORGAN})(?:[，,]|$|{PREDICATE}))").match(rest)
    if later:
        gov = _rx(rf"^(?P<lv>(?:(?:{_LEVEL})(?:[（(](?:自治县|自治州|市|区|县|州|镇|乡)[）)])?(?:和|、|及|或者)?)+)人民政府$").match(np)
        lv = gov.group("lv") if gov else ""  # 「市和区、县人民政府设立的X」: X is of those levels
        m2 = HOLDER_CLAUSE.match(rest[later.end():])
        if m2:
            np, rest = lv + m2.group("np"), rest[later.end() + m2.start("pred"):]
        elif _rx(rf"[^，,的]{{2,30}}(?:{_ORGAN})").fullmatch(rest[later.end():]) and (seg_next_is_duty(seg) or _NEXT_ANY.get(seg)):
            return lv + rest[later.end():], ""
        elif _rx(r"^(?:(?:审查)?(?:批准|通过)|(?:依法)?(?:确定|制定|公布|认定|颁发|核发|指定|划定|作出|出具|发布|编制|审定|核定|认可))的").match(rest):
            # The body is inside a relative clause naming a thing it approved or made, with no predicate of its own:
            # 「市人民代表大会批准的市级预算在执行中…」「市人民政府确定的其他重大建设工程」「…行政部门公布的体育项目」.
            return None
    if _rx(r"^[和及与、]").match(rest) or len(np) < 2 or NP_INNER.search(np[2:]) or NP_START.match(np) \
            or _NOT_ORGAN_END.search(_rx(r"等[^、，]{0,8}$").sub("", np)):
        return None
    # 「联席会议下设办公室，负责日常工作」「…的办事机构设在同级残疾人组织，负责…」: the unit set up holds the duty.
    sub = _rx(rf"^下设(?P<np>[^，,]{{2,20}}?(?:{_ORGAN}))(?:[，,](?P<rest>.+))?$").match(rest)
    if sub and (sub.group("rest") or seg_next_is_duty(seg)):
        return sub.group("np"), sub.group("rest") or ""
    sub = _rx(rf"^(?:设立|成立|设置)(?P<np>[^，,]{{2,30}}?(?:{_ORGAN}))$").match(rest)
    if sub and seg_next_is_duty(seg):
        return sub.group("np"), ""
    if _rx(r"^设在[^，,]+$").match(rest) and seg_next_is_duty(seg):
        return np, ""
    sub = _rx(r"^设在[^，,]+[，,](?P<rest>.+)$").match(rest)
    if sub:
        return np, sub.group("rest")
    return np, rest


# ---------------------------------------------------------------- clause shapes

_SELF_GOVERNING = _rx(r"(?:居民委员会|村民委员会|居（村）民委员会|村（居）民委员会|业主委员会|业主大会|居民会议|村民会议)$")


def _not_a_duty(holders: list[Holder], rest: str) -> bool:
    """Predicates that give no duty: a self-governing body's permission (「居民委员会可以召集居民会议…」), an
    entitlement (「享有…自主权」), a procedure (「…按照…规定的程序进行」), an exhortation (「要提高认识」)."""
    if holders and all(_SELF_GOVERNING.search(h.name) for h in holders) and rest.startswith("可以"):
        return True
    if _rx(r"^(?:依法)?享有").match(rest):
        return True
    # 「国防教育办公室应当配备专兼职人员」: a body's own staffing, with nothing for the staff to do, is no duty of it
    # (「明确人员负责国防教育工作」 is: the work is named).
    if _rx(r"^(?:应当|应|要|须)?(?:配备|配置|充实|确定|明确)(?:专职|兼职|专兼职|必要的|相应的|足够的)?[^，。；]{0,8}?(?:人员|工作人员|工作力量|力量)[。；]?$").match(rest):
        return True
    if _rx(r"(?:按照|依照)[^，。]{0,40}规定的程序进行[。；]?$").search(rest) and not _rx(r"负责|监督|管理").search(rest):
        return True
    return bool(_rx(r"^(?:要|应当)?(?:进一步)?(?:提高(?:对[^，。]{0,40})?认识|高度重视|充分认识)").match(rest))


def _qualifier_only(seg: str) -> bool:
    """A segment that only qualifies a duty (「按照国家规定的标准」「在定期普查的基础上」), not 「在X划定Y」."""
    if not ADVERBIAL.match(seg):
        return False
    return not seg.startswith("在") or bool(_rx(r"^在[^，,]*(?:时|中|下|内|前|后|上|期间|方面|情况下)$").match(seg))


def _strip_modals(text: str) -> str:
    prev = None
    while prev != text:
        prev = text
        text = MODALS.sub("", text)
        text = _rx(r"^(?:在[^，,]{1,30}?(?:领导|指导|协调|统一领导)下[，,]?|按其职能职责[，,]?|依照[^，,]{0,30}?(?:规定|要求)[，,]?|"
                      r"按照[^，,]{0,16}?(?:要求|原则|规定)(?:的)?(?:权限|职责|程序)?[，,]?|依照本(?:条例|办法|规定)(?=[\u4e00-\u9fff]{2})|根据[^，,]{0,40}(?:授权|需要|规定|要求)[，,]?|"
                      r"(?:严格)?履行各自(?:的)?(?:法定)?职责[，,]?|各负其责[，,]?|"
                      r"(?:按照|依据|依照|根据|在)(?:其)?各自(?:的)?(?:法定)?职责(?:范围内|范围|分工)?[，,]?|按(?:照)?职责分工[，,]?|按照职责分工[，,]?|"
                      r"根据政府授权|依照法律、法规、章程或者接受政府委托|依法|"
                      r"(?:根据|依据|依照|按照)本(?:条例|办法|规定)(?:的(?:有关)?规定)?(?=[\u4e00-\u9fff]{2})|"
                      r"(?:依据|根据|按照|依照)[^，,]{0,30}?(?:规划|设计|规定|要求|标准|程序|办法)(?=(?:组织)?(?:编制|制定|拟定|进行|审查|审批|验收)[\u4e00-\u9fff]{0,2}$)|"
                      r"(?:应当|应)?自[^，,]{2,30}?(?:之日|后)起(?:[一二三四五六七八九十百0-9]+(?:个)?(?:工作日|日|月|年)内)?[，,]?)").sub("", text)
    return text


def _matter(text: str) -> str:
    """The object of a duty verb: 「负责X的监督管理」 → X的监督管理; 「对X实施监督管理」 → X."""
    text = _strip_modals(text.strip("，,。；;：: "))
    m = _rx(r"^(?:在各自职责范围内)?(?:具体负责|负责)?对(?P<x>.+?)(?:实施|进行|负|予以|作出)?(?:统一|全面|直接)?(?:的)?"
                 r"(?:监督和管理|管理和监督|监督、管理|管理、监督|监督和检查|监督管理|监督检查|监督|监管|管理|负全责|负总责|负责|督察|监测|检查)(?:工作|职责)?$").match(text)
    if m:
        return m.group("x").rstrip("的")
    # 「对X进行综合协调、检查指导」: the matter is what is acted on.
    m = _rx(r"^对(?P<x>[^，,]{2,60}?)(?:应当|应|要|须)?(?:及时|依法|定期)?(?:进行|实施|开展|予以|给予)[^，,]{2,}$").match(text)
    if m:
        return m.group("x").rstrip("的")
    m = _rx(r"^加强对?(?P<x>.+?)的(?:组织|统一|集中)?领导$").match(text)
    if m:
        return m.group("x")
    text = _rx(r"^(?:并|并且|同时|还)(?=[\u4e00-\u9fff]{2})").sub("", text)
    # (not when the verb is the first of a coordinated series: 「负责领导、组织和统一指挥…」 keeps 领导)
    text = _rx(r"^(?:具体负责|负责|主管|承担|具体承办|承办|牵头|统筹(?!协调)|领导|履行好?)(?![、和及与])").sub("", text)
    # 「监督检查林地的保护和利用管理」: what is supervised (the verb says 监督管理).
    text = _rx(r"^(?:负责)?监督检查(?=[\u4e00-\u9fff]{4})(?!工作)").sub("", text)
    # 「统一管理全市X工作」「负责管理本辖区内的X」: the verb of managing says no more than 负责.
    text = _rx(r"^(?:统一|组织)?(?:管理|领导)(?![和、及与])(?=[\u4e00-\u9fff]{4})").sub("", text)
    text = _rx(r"(?<=[\u4e00-\u9fff]{4})的(?:职责|职能)$").sub("", text)
    text = _rx(r"(?:或者|并)?接到.*$").sub("", text) or text
    text = _rx(r"^(?:共同)?(?:做好|抓好)|^(?:依法)?查处(?=[\u4e00-\u9fff]{4})").sub("", text)
    return text.strip("，,。；; ")


_VERB_CLASSES = _verb_classes()


def classify(rest: str) -> str:
    head = _strip_modals(rest)
    if _rx(r"^是.*主管(?:部门|机关)").match(rest):
        return "主管"
    classes = _VERB_CLASSES
    opening = next((w for w in classes if classes[w] != "审批" and head.startswith(w)), "")
    if opening:
        return classes[opening]
    if PENALTY.search(head):
        return "查处"
    first = _rx(r"[，,]").split(head, maxsplit=1)[0]
    if _rx(r"^对.*(?:监督管理|监管|监督|督察)").match(first) or _rx(r"(?:监督管理|的监管|监督检查)(?:工作)?$").search(first):
        return "监督管理"
    # 查处 inside the object (「研究查处取缔…的法律适用问题」「对…查处违法建筑行为工作情况实施监察」) is what the
    # duty is about, not its verb.
    if _rx(r"查处").search(first) and not _rx(r"^(?:负责)?研究|^对[^，,]+(?:实施|给予|进行)(?!查处)[^，,]{1,6}$").search(first):
        return "查处"
    if any(first.startswith(w) for w, c in _VERB_CLASSES.items() if c == "审批"):
        return "审批"
    return "负责"


@dataclass
class _Context:
    """What the units before this one say: the subject of an enumeration, the document's own department."""

    subject: str = ""
    article: str = ""
    default: str = ""   # a 三定 text's department
    default_level: str = ""
    in_list: bool = False  # the unit is an item under a duties heading
    explicit_only: bool = False  # no elided subject: a 三定 line that is not a numbered item
    division: bool = False  # in a 三定's 职责分工 part: each sentence names its own holders
    last_np: str = ""  # the holder phrase of the unit's last subject clause (for a later subject-less sentence)


def _holders(np: str, ctx: _Context) -> tuple[list[Holder], bool]:
    holders, generic = split_holders(np)
    if ctx.default_level:
        holders = [replace(h, level=h.level or ctx.default_level) for h in holders]
    return holders, generic


def _level(holders: list[Holder]) -> str:
    """The levels of a clause's holders together (「市人民政府和嵩县、栾川县人民政府」 → 市、县)."""
    levels = {lv for h in holders if h.level for lv in h.level.split("、")}
    if "县级以上" in levels:
        return "县级以上"
    return "、".join(lv for lv in LEVEL_ORDER if lv in levels)


def _segments(sentence: str) -> list[str]:
    return [s for s in _rx(r"(?<=[，,：:])").split(sentence) if s.strip("，,：: ")]


def read_sentence(sentence: str, unit: TextUnit, ctx: _Context) -> list[Clause]:
    """The clauses of one sentence (see the module doc for the shapes)."""
    s = ITEM_MARK.sub("", sentence).strip()
    if not ctx.subject and not ORGAN_ANY.search(s) and not _rx(rf"^各?{_TOWNSHIP}").match(s):
        return []  # no body named and none carried over: nothing to assign (most lines of a law)
    s = _rx(r"^第[零〇一二三四五六七八九十百千0-9]+条\s*").sub("", s)
    if not s or _rx(r"追究(?![^，。；]{0,4}(?:制度|机制))|给予[^，。]{0,6}处分|依法给予处分|滥用职权|玩忽职守|处分").search(s) and not _rx(r"由[^，。]{2,30}(?:责令|处[^分])|罚款").search(s):
        return []
    if _rx(r"^(?:为了|为)[^。]*(?:制定|制订)本(?:条例|办法|规定)").search(s):
        return []  # the purpose article: 「为了…，加快建设数字政府，…制定本条例」 names aims, no holder
    # Accountability (「…不履行职责、失职渎职的，依法给予处分」) names a breach, no duty; but a body whose duty is to
    # deal with such breaches (「监察部门…通报、处理各种失职、渎职…的行为」) holds one: the breach is its object.
    if _rx(r"适用本(?:规定|条例|办法)|参照本(?:规定|条例|办法)执行").search(s) or (
            _rx(r"不(?:依法)?履行[^，。]{0,12}职责|失职|渎职").search(s)
            and not _rx(r"(?:通报|处理|查处|纠正|监督检查)[^，。；]{0,12}(?:失职|渎职)").search(s)):
        return []
    s = _rx(r"由[^，,。]{2,80}?(?:组成|参加)(?=[，,])").sub("", s)
    # 「本市的集会、游行、示威的主管机关是市和区、县公安机关」: A holds X.
    m = _rx(rf"^(?P<x>[^，,。；]{{2,40}}?)的(?:行政)?主管(?:机关|部门)[，,]?(?:是|为)(?P<np>(?:[{CJK}（）()、]|{_PAREN}){{2,60}}?(?:{_ORGAN}))[。；]?$").match(s)
    if m:
        holders, generic = _holders(m.group("np"), ctx)
        if holders:
            return [Clause(unit, sentence, _rx(r"^本(?:市|省|县|区)的?").sub("", m.group("x")), holders, [], "主管", "",
                           _level(holders), False, False)]
    # 「最低生活保障实行市、区县人民政府负责制」: the system named holds the matter before it.
    m = _rx(rf"^(?P<x>[^，,。；]{{2,40}}?)实行(?P<np>(?:[{CJK}（）()、]|{_PAREN}){{2,40}}?(?:{_ORGAN}))(?:分级)?(?:负责制|责任制|(?:行政)?首长负责制)[。；]?$").match(s)
    if m:
        holders, generic = _holders(m.group("np"), ctx)
        if holders:
            return [Clause(unit, sentence, m.group("x"), holders, [], "负责", "", _level(holders), len(holders) > 1, False)]
    # 「…，履行X职责，…，承担相应的法律责任」: the closing liability clause takes nothing from the duties before it.
    s = _rx(r"(?<=[^，,。；]{8})[，,](?:并|依法)*承担(?:相应的?)?法律责任(?=[。；;]?$)").sub("", s)
    if _rx(r"承担[^，。]{0,6}(?:赔偿|法律|民事|刑事)责任").search(s) and not _rx(r"由[^，。]{2,40}(?:责令|处[^分])").search(s):
        return []
    found = _lead_and_cooperate(s, unit, sentence, ctx)
    if found:
        return found
    out: list[Clause] = []
    # 「各单位的X工作，…，接受所在地Y委员会的指导、协调和检查」: the body whose supervision is accepted supervises
    # (the topic when the sentence opens with one, else the supervising itself is what it holds).
    acc = _ACCEPTED.search(s)
    if acc:
        holders, generic = _holders(acc.group("np"), ctx)
        if holders:
            topic = _rx(r"^(?P<t>[^，,。；]{2,40}?(?:的)?[^，,。；]{0,20}工作)[，,]").match(s)
            out.append(Clause(unit, sentence, topic.group("t") if topic else acc.group("x"), holders, [], "监督管理", "",
                              _level(holders)))
            s = s[: acc.start()].rstrip("，,") + s[acc.end():]

    def add(holders, generic, matter, rest, *, verb=None, condition="", coop=None, joint=None) -> Clause | None:
        matter = matter.strip("，,。；;：: ")
        if not _rx(rf"[{CJK}]{{2}}").search(matter):
            return None
        c = Clause(unit, sentence, matter, list(holders), list(coop or []), verb or classify(rest), condition,
                   _level(holders), bool(joint) if joint is not None else bool(JOINT.search(rest[:24]) and holders),
                   generic and not holders)
        out.append(c)
        return c

    # 「（二）历史文化名镇名村，是指经省人民政府批准公布的…」: a term defined by who approved it is no duty.
    if _rx(r"^[^，,。]{2,30}[，,]?是指").match(s) and not _rx(r"^本(?:条例|办法|规定)所称").match(s):
        return []
    # Definitions: 「本条例所称X，是指H…」.
    m = _rx(rf"^本(?:条例|办法|规定)所称(?:的)?(?P<x>[^，,]{{2,20}})[，,]是指(?P<rest>.+)$").match(s)
    if m:
        hc = _rx(rf"(?P<np>[{CJK}]{{2,20}}?(?:{_ORGAN}))(?:依据|依法|对|根据)").search(m.group("rest"))
        if hc:
            holders, generic = _holders(hc.group("np"), ctx)
            add(holders, generic, m.group("x"), m.group("rest"), verb="负责")
        # 「…，是指本市行政区域内的自然山体，具体范围由市人民政府确定」: what is left to a body is its duty.
        for seg in _rx(r"[，,]").split(m.group("rest"))[1:]:
            md = _rx(rf"^(?P<x>[^，,。；]{{2,20}}?)由(?P<np>[^，,。；]{{0,30}}?(?:{_ORGAN}))(?:另行|依法)?"
                     r"(?:确定|规定|制定|公布|划定|认定)[。；]?$").match(seg.strip())
            if md:
                holders, generic = _holders(md.group("np"), ctx)
                add(holders, generic, md.group("x"), "负责", verb="负责")
        return out

    # Penalty and passive: 「……的，由A责令改正」「X由A负责」.
    m = _rx(rf"(?P<pre>^|[，,]|(?<=[{CJK}])(?<![自理缘事经]))(?:可以|可|应当|分别)?(?:由(?!于)|转(?=[^，。]{{2,30}}依法))(?P<np>(?:[{CJK}（）()、]|{_PAREN}){{0,160}}?(?:{_ORGAN}))"
                  rf"(?:或者其(?:委托|授权|指定)的[{CJK}]+?(?:{_ORGAN}))?"
                  # 「由A或者建设单位依据…组织编制」: a party that is no public body, named beside A, holds nothing here.
                  rf"(?:(?:或者|或|以及|和|、)(?:建设|施工|产权|管理|经营|使用|业主|运营|养护)?[{CJK}]{{0,6}}?(?:单位|企业|权人|所有人|经营者|管理人))?(?P<rest>(?:会同|商(?=[^，,。]{{1,40}}?(?:{_ORGAN}))|征求|征得|按照|依照|依据|根据|在|对|负责|予以|依法|统一|组织|具体|"
                  rf"责令|处|没收|给予|收缴|追缴|代为|吊销|制定|确定|编制|核发|向|决定|审批|批准|主持|召集|解释|进行|作出|"
                  rf"实施|承担|建立|提出|办理|受理|出具|核定|另行|研究|设立|统筹|发布|公布|认定|提名|初步|交由|交给|先行|拟定|拟订|划定|主管|查处|处理|调查处理|参照|整理|协调|指导|监督|管理|审核|审查|核准|登记|发放|颁发|征收|指定|列入|纳入|调处|裁决|(?:共同|分别)(?=负责|承担|做好|实施|管理|监督|组织|制定|确定)|规定|按(?:规定|职责)|提请|报请|通知|"
                  rf"配合|协助)[^。；]*)")
    passive = m
    m = passive.search(s)
    # 「应当由国务院有关部门审批的项目，由市外资委会同…初审」: 「由A审批的X」 names a kind of case (a relative
    # clause in the topic); the clause is the later 由 after the comma.
    if m and _rx(r"^[^，,]{0,20}的[^，,]{1,12}[，,]").match(m.group("rest")):
        later = passive.search(s, m.end("np"))
        if later and later.group("pre") in ("，", ","):
            m = later
    if m and (m.group("pre") in ("，", ",") or _rx(r"[，,]并$").search(s[: m.start()])):
        head = _rx(r"[，,]并$").sub("", s[: m.start()])
        first = _rx(r"[，,]").split(head, maxsplit=1)[0]
        hc0 = find_holder_clause(first)
        if hc0 and DUTY_HEAD.match(hc0[1]) and not _rx(r"的$").search(head):
            out.extend(read_sentence(head + "。", unit, ctx))
    if m:
        before = s[: m.start()]
        holders, generic = _holders(m.group("np"), ctx)
        rest = m.group("rest")
        coop = []
        # (「由A商B、C等部门提出」: 商 names whom A consults, as 会同 does)
        mc = _rx(rf"^(?:会同|商)(?P<c>[^，,]+?(?:{_ORGAN}|企业)(?:(?:、|和|及|以及|或者|或)[^，,、]+?(?:{_ORGAN}))*)(?:和(?P<c2>[^，,]+?(?:{_ORGAN}|企业)))?").match(rest)
        if mc:
            coop = split_holders(mc.group("c"))[0] + (split_holders(mc.group("c2"))[0] if mc.group("c2") else [])
        # 「由A配合B依法查处」: B leads what A helps with.
        mp = _rx(rf"^(?:配合|协助)(?P<l>[^，,]{{2,60}}?(?:{_ORGAN}))(?=依法|做好|开展|进行|负责|实施|查处|处理|[，,。；]|$)(?P<r>.*)$").match(rest)
        if mp:
            lead2, lead2_generic = split_holders(mp.group("l"))
            if lead2 or lead2_generic:
                holders, coop, generic, rest = lead2, holders, lead2_generic, mp.group("r") or rest
        # 「由林业等主管部门负责的绿化工作」: a relative clause; the matter is its head noun.
        mr = _rx(r"^(?:负责|主管|管理)的(?P<x>[^，,。；]{2,40})").match(rest)
        if mr and not PENALTY.search(rest[:40]):
            add(holders, generic, mr.group("x"), rest, verb=classify(rest), coop=coop)
            return out
        if PENALTY.search(rest[:40]) or _rx(r"的$").search(before):
            violation, condition = _violation(before)
            verb = "查处" if PENALTY.search(rest[:40]) else classify(rest)
            matter = violation
            if verb != "查处":
                after = [x for x in _rx(r"[，,]").split(_rx(r"^(?:可以|依法)*(?:负责|组织|统筹)*").sub("", rest)) if x]
                matter = _matter(after[0]) if after else violation
                if not _rx(rf"[{CJK}]{{2}}").search(matter):
                    matter = violation  # 「…跨两个以上区、县的，由市公安局主管」: the case is what is held
                elif VERB_ONLY.match(matter):
                    matter = _matter(after[1]) if len(after) > 1 else violation
                    condition = "" if matter == violation else violation
                else:
                    condition = violation if violation else condition
            add(holders, generic, matter, rest, verb=verb, condition=condition, coop=coop,
                joint=bool(JOINT.search(rest[:16])) and len(holders) > 1)
        else:
            segs = [x for x in _rx(r"[，,]").split(_rx(r"[，,]并$").sub("", before)) if x]
            condition = ""
            # 「X，在会议期间，由A负责」「X，除…外，由A负责」: a time or exception between the matter and 由.
            if len(segs) > 1 and _rx(r"^(?:在[^，,]{2,40}(?:期间|时|内)|[^，,]{2,30}期间|除[^，,]{2,40}外)$").match(segs[-1]):
                condition, segs = segs[-1], segs[:-1]
            # 「必要时，可以由A认定」「X竣工后，由A组织验收」: a time is when, not what; the matter is the act after 由
            # A (or, when that is only a verb, the matter of the clause before: see _elided_matters).
            elif segs and _rx(r"^(?:必要时|[^，,]{2,30}(?:后|之后|以后|前|之前|时))$").match(segs[-1]) and not _rx(r"的").search(segs[-1]):
                condition, segs = segs[-1], segs[:-1] + [""]
            matter = segs[-1] if segs else ""
            if len(segs) > 1 and segs[-2].endswith("的") and not condition:
                condition = segs[-2]
            # 「在区、县范围内举行集会，由A主管」: the place is the condition, what is done there the matter.
            mp = _rx(r"^(?P<k>在[^，,]{2,30}?(?:范围内|区域内|辖区内|以内|以外|内|外))(?P<x>[^，,]{4,})$").match(matter)
            if mp and not condition:
                condition, matter = mp.group("k"), mp.group("x")
            # (「在…中做出显著成绩的单位或个人，由A给予表彰」: a phrase opening with 在 that ends in who is no adverbial)
            if not matter or ADVERBIAL.match(matter) and not _rx(r"(?:单位|个人|组织|人员|集体)$").search(matter):
                matter = _matter(_rx(r"[，,]").split(rest[mc.end():] if mc else rest)[0])
            matter = _rx(r"^(?:对|将)").sub("", matter)
            if out and _rx(r"[，,]并$").search(before) and _rx(r"^(?:依法)?(?:具体)?(?:负责)?(?:具体)?(?:组织)?实施[。；]?$").match(rest):
                matter = out[-1].matter  # 「A对X实施监督管理，并由B依法负责实施」: B carries out the same X
            verb = classify(rest) if not re.match("^(?:制定|确定|编制)", rest) else "负责"
            if verb == "查处" and _rx(r"(?:争议|纠纷)$").search(matter):
                verb = "负责"  # 「权属争议，由A处理」: settling a dispute is no penalty
            add(holders, generic, matter, rest, verb=verb, condition=condition, coop=coop)
        _report_after(s[m.end("np"):], out)
        _cooperating_after(s[m.start("rest"):], out, ctx)
        # 「X由A负责劝导，B负责查处」: a later segment with a holder of its own is a clause of its own.
        for seg in _rx(r"[，,]").split(m.group("rest"))[1:]:
            hc = find_holder_clause(seg.strip())
            if hc and DUTY_HEAD.match(hc[1]) and not _COOP_SEG.match(seg.strip()) and not _rx(r"^(?:配合|协助|协同)").match(hc[1]):
                out.extend(read_sentence(seg.strip() + "。", unit, ctx))
        return out

    subject = ctx.subject
    current: Clause | None = None
    condition = topic = ""
    leading: list[str] = []  # the segments before the first holder: a topic, a violation, conditions
    segs = _segments(s)
    _NEXT_DUTY.clear()
    _NEXT_ANY.clear()
    for k in range(len(segs) - 1):
        _NEXT_DUTY[segs[k].strip("，,：: ")] = bool(_rx(r"^(?:具体)?(?:负责|承担)").match(segs[k + 1].strip()))
        _NEXT_ANY[segs[k].strip("，,：: ")] = bool(DUTY_HEAD.match(segs[k + 1].strip()))
    i = 0
    while i < len(segs):
        seg = segs[i].strip()
        body = seg.strip("，,：: ")
        i += 1
        hc = find_holder_clause(body)
        # 「市人民政府设立市数据工作委员会，负责…」: the body set up holds what follows; setting it up is the duty of
        # the one that sets it up.
        mset = _rx(rf"^(?P<a>(?:[{CJK}（）()、]|{_PAREN}){{2,60}}?(?:{_ORGAN}))(?:应当|可以|依法)*(?P<x>(?:设立|成立|组建)(?!的)[^，,]{{2,30}}?(?:{_ORGAN}))$").match(body)
        if hc and mset and hc[0] != mset.group("a") and not NP_START.match(mset.group("a")):
            setters, _ = _holders(mset.group("a"), ctx)
            if setters:
                out.append(Clause(unit, sentence, mset.group("x"), setters, [], "负责", "", _level(setters)))
        # 「城市街道办事处以及居（村）民委员会，应当…」: the holder phrase and its predicate across a comma.
        holder_only = not hc and i < len(segs) and _rx(rf"(?:[{CJK}（）()、]|{_PAREN}){{2,160}}(?:{_ORGAN})(?:[（(](?:机构|单位|部门|组织)[）)])?"
                                                     rf"(?:（以下(?:简|统)?称[^）]{{1,20}}）)?"
                                                     rf"(?:(?:和|及|以及|、)[{CJK}、]{{2,30}}?(?:单位|其他组织|社会组织|团体|个人|主体))?").fullmatch(body)
        # 「乡、镇人民政府和街道办事处，企业、事业单位应当…」「各级人民政府、街道办事处…，以及机关、团体、企事业单位和其他
        # 组织，应当…」: bodies that are no public authority, listed after the public ones, share the predicate;
        # the public ones hold the duty.
        j = i
        while holder_only and j < len(segs) and not DUTY_HEAD.match(segs[j].strip()):
            nonpublic = _rx(r"^(?:以及|及|和|并)?(?P<np>[^，,]{2,40}?(?:单位|企业|组织|团体|个人|机关))(?P<rest>(?:应当|应(?!急)|要|须|必须|可以)[^，,]*)?[，,]?$").match(segs[j].strip())
            if not nonpublic:
                break
            if nonpublic.group("rest"):
                segs[j] = nonpublic.group("rest")
                break
            j += 1
        if holder_only and j < len(segs) and DUTY_HEAD.match(segs[j].strip()):
            hc = find_holder_clause(body + segs[j].strip())
            i = j + 1
        if hc and not _rx(r"^(?:对|由|经(?!济|营|信|贸)|向|在|按照|依照|根据|依据|除)").match(body):
            np, rest = hc
            holders, generic = _holders(np, ctx)
            if not holders and not generic:
                continue
            if _rx(rf"^是(?![^，,。；]*主管)[^，,。；]{{2,40}}?的?(?:日常工作|日常办事|办事|工作|执行|常设|管理|议事协调|综合协调)?(?:机构|机关|部门)$").match(rest) \
                    and i < len(segs) and (DUTY_START.match(segs[i].strip()) or DUTY_START.match(_strip_modals(segs[i].strip()))):
                subject = np  # 「合作区执行委员会是合作区管理委员会的日常工作机构，承担…，负责…」: what it is, then its duties
                continue
            # 「A发现X时，应当Y」「A发放采集证后，应当Y」「A接到举报的，应当Y」: a clause of time or case between the
            # holder and its modal is the condition; the holder holds what the next segment says.
            if rest and not DUTY_HEAD.match(rest) and i < len(segs) and _SUBORDINATE.match(rest) \
                    and _MODAL_START.match(segs[i].strip()) and not _SUBMITTED_UP.match(segs[i].strip()):
                condition, rest = rest, segs[i].strip().strip("，,：: ")
                i += 1
            # 「市、区（县）人民政府为了公共利益的需要，组织实施X」: a purpose between the holder and its duty qualifies it.
            elif rest and _rx(r"^为了[^，,]{2,40}$").match(rest) and i < len(segs) and DUTY_START.match(segs[i].strip()):
                rest = segs[i].strip().strip("，,：: ")
                i += 1
            if rest and not DUTY_HEAD.match(rest) and not _RESPONSIBLE_FOR.match(rest) and not (ctx.subject and ctx.in_list) \
                    and not (ctx.default and not ctx.explicit_only):
                continue
            # 「A牵头，B、C配合」: a cooperating list after a lead.
            if _rx(r"^(?:应当|应|要|须|必须)?(?:予以|积极|主动|密切|大力|全力)?(?:配合|协助|协同)(?:做好|开展)?(?:相关|有关)?(?:工作)?[，,。]?$").match(rest.strip("，,。 ")) \
                    and current is not None:
                current.cooperating += holders
                continue
            if _not_a_duty(holders, rest.strip("，,。；; ")):
                break  # what the same subject goes on to say in this sentence is of the same kind
            if _rx(r"^(?:设置?|内设)下列").match(rest):
                continue  # 「…设置下列股室：」 announces the units that follow, it gives no duty
            subject = np
            if holders:
                ctx.last_np = np
            current, i = _subject_clause(holders, generic, rest, segs, i, condition, unit, sentence, out)
            if current is not None and topic and VERB_ONLY.match(current.matter):
                current.matter = _rx(r"^对").sub("", topic)
            if current is not None and condition and current.condition == condition and PENALTY.search(rest):
                # 「机动车违法停放，驾驶人不在现场…的，A可以依法作出拖移决定」: the first segment is the
                # violation, the others its conditions.
                if len(leading) > 1 and not leading[0].endswith("的"):
                    current.matter, current.condition = leading[0], "，".join(leading[1:])
                else:
                    current.matter, current.condition = _violation("，".join(leading) or condition)[0], ""
                current.verb = "查处"
            condition = ""
            continue
        if current is None and not out:
            leading.append(body)
        if _rx(r"^(?:对)?[^，,]{2,60}的$").match(body) and not out:
            condition = body
            continue
        if _rx(r"^[^，,]{2,40}(?:期间|地区|区域内|以外|以内|之后|时)$").match(body) and not out and current is None:
            condition = body
            continue
        if _rx(r"^(?:在[^，,]{2,40}时|除[^，,]{2,40}外)$").match(body):
            condition = body
            continue
        if current is None and not out:
            topic = body
        if subject and _rx(r"^(?:并|同时|还)?(?:依照[^，,]{0,12}职责)?(?:具体)?负责|^并(?:对|负责|承担)|"
                           rf"^(?:并|同时|还)?(?:会同|联合)|^(?:并|同时|还)?(?:配合|协助)(?=[^，,、]{{2,40}}?(?:{_ORGAN})|做好)").match(body) \
                and current is not None:
            holders, generic = _holders(subject, ctx)
            current, i = _subject_clause(holders, generic, _rx(r"^(?:并|同时|还)").sub("", body), segs, i, "", unit, sentence, out)
            continue
        # 「A负责组织、指导X，推进Y，监督、管理Z」: a later segment of another verb class is a duty of its own.
        if subject and current is not None and current.leads \
                and (m := _SUPERVISE_SEG.match(body.rstrip("。；;"))) \
                and current.verb != (later_verb := _LATER_VERB.get(m.group("v"), "监督管理")):
            holders, generic = _holders(subject, ctx)
            c = Clause(unit, sentence, _matter(m.group("x")), holders, [], later_verb, "", _level(holders))
            if c.matter:
                out.append(c)
                current = c
            continue
        # 「A、B等部门…协助做好X，并采取措施支持Y」: after helping with X, what the helpers do of their own is theirs.
        if subject and current is not None and current.generic and current.cooperating and _rx(r"^并").match(body) \
                and (DUTY_START.match(body[1:]) or _rx(r"^采取").match(body[1:])):
            holders, generic = _holders(subject, ctx)
            current, i = _subject_clause(holders, generic, body[1:], segs, i, "", unit, sentence, out)
            continue
        if current is None and subject and not ctx.explicit_only and not _rx(rf"(?:{_ORGAN})[^，,]{{0,4}}(?:负责|主管)").search(body) \
                and (DUTY_START.match(body) or DUTY_START.match(_strip_modals(body) or body)
                     or ctx.in_list and not out and seg is segs[0]):
            holders, generic = _holders(subject, ctx)
            rest = body
            if ADVERBIAL.match(rest) and i < len(segs):
                continue
            current, i = _subject_clause(holders, generic, rest, segs, i, condition, unit, sentence, out)
            condition = ""
            continue
        if current is not None:
            _cooperation(body, current)
    if not out:
        # 「工会组织的建立、分立、合并，必须报上一级工会批准」: nobody named before it; the body it goes to approves it.
        m = _SUBMITTED.match(s)
        if m:
            holders, generic = _holders(m.group("np"), ctx)
            if holders:
                out.append(Clause(unit, sentence, m.group("x"), holders, [], "审批", "", _level(holders)))
        # 「农村股份合作企业经工商行政管理部门依法核准登记成立」: the body through which it comes to be approves.
        m = _THROUGH_APPROVAL.search(s) if not out else None
        if m:
            holders, generic = _holders(m.group("np"), ctx)
            if holders:
                out.append(Clause(unit, sentence, m.group("v"), holders, [], "审批", "", _level(holders)))
    return out


# A subordinate clause after a holder: of time (…时, …后, …之前) or of the case met (发现/接到/收到…的).
_SUBORDINATE = _rx(r"^(?!.*[，,])(?:.{2,60}(?:时|后|之后|以后|之前)|在[^，,]{2,30}(?:中|期间|过程中)|(?:在[^，,]{2,20})?(?:发现|接到|收到|获悉|查明)[^，,]{2,60})$")
# (「政府在出台财税政策后，应当及时报送本级人大常委会备案」: what is filed with a body is held by that body.)
_SUBMITTED_UP = _rx(r"^(?:应当|应|须|必须)(?:及时|依法)*(?:报送|报请|报)(?!告)")
_MODAL_START = _rx(r"^(?:应当|应(?!急)|可以(?!不)|须|必须|要)(?=[\u4e00-\u9fff]{2})")  # (可以不…: a leave not to act)


_THROUGH_APPROVAL = _rx(rf"经(?P<np>[^，,。；]{{2,40}}?(?:{_ORGAN}))(?:依法)?(?P<v>核准登记|批准登记|登记注册|核准|审批|批准)"
                        r"(?:后)?(?:成立|设立|注册|登记)?[。；]?$")
_SUBMITTED = _rx(rf"^(?P<x>[^，,。；]{{2,40}})(?<!的)[，,](?:应当|应|须|必须)?(?:依法)?(?:报|报送|报请)(?:经)?"
                 rf"(?P<np>[^，,。；]{{0,40}}?(?:{_ORGAN}))(?:审查|审核)?(?:批准|审批|核准|同意)")


# 「X由A负责（牵头）查处，B配合」「A牵头，B、C配合，做好X」: a lead segment, then a cooperating one.
_NP = rf"(?:[{CJK}（）()、]|{_PAREN}){{2,160}}?(?:{_ORGAN})(?:{_PAREN})?(?:等(?:有关|相关)?(?:部门|单位))?"
_LEAD_SEG = _rx(rf"^(?P<x>[^，,]*?)(?:由|以)(?P<np>{_NP})(?:负责)?[（(]?(?:牵头|负总责|负责|主责)[）)]?(?P<tail>[^，,]*)$|"
                rf"^(?P<np2>{_NP})(?:负责)?[（(]?牵头[）)]?(?P<tail2>[^，,]*)$")
_COOP_SEG = _rx(rf"^(?P<np>{_NP})(?:负责)?(?:积极|主动)?(?:配合|协助|协同|参与)(?:做好|开展|实施)?(?P<tail>[^，,]*)$")
_ACT_ONLY = _rx(r"^(?:工作|查处|处理|处置|调查处理|依法查处|组织查处|实施|组织实施|办理|管理|监管|监督管理|整治|执法|"
                r"查处工作|处置工作|监管工作|管理工作|整治工作|组织协调|统筹协调|协调|"
                r"(?:审核)?认定|(?:进行|组织)?验收|确认|审定|核定|核准|解释|负责解释)?$")


def _lead_and_cooperate(s: str, unit: TextUnit, sentence: str, ctx: _Context) -> list[Clause]:
    """The division shape of notices and 三定 职责分工: a lead, then cooperating parties, in one sentence.

    「城区主次干道两侧占道经营行为由县城市管理局负责牵头查处，行为发生地镇政府配合。」 → lead 县城市管理局,
    cooperating 镇政府, matter 占道经营行为 …, verb 查处; 「A牵头，B、C配合，做好X」 → matter X. The matter is the
    first of: the object after the lead's verb, the topic before 由, the object after 配合, a closing 「做好X」.
    """
    segs = [x.strip() for x in _rx(r"[，,]").split(s.rstrip("。；; ")) if x.strip()]
    for i, seg in enumerate(segs):
        m = _LEAD_SEG.match(seg)
        if not m or i + 1 >= len(segs):
            continue
        coops = []
        j = i + 1
        while j < len(segs) and (mc := _COOP_SEG.match(segs[j])):
            coops.append(mc)
            j += 1
        if not coops:
            continue
        np = m.group("np") or m.group("np2")
        leads, lead_generic = _holders(np, ctx)
        if NP_START.match(np) or (not leads and not lead_generic):
            continue
        cooperating = [h for mc in coops for h in _holders(mc.group("np"), ctx)[0]]
        tail = (m.group("tail") if m.group("np") else m.group("tail2")) or ""
        topic = (m.group("x") or "") if m.group("np") else ""
        verb = "查处" if _rx(r"查处|处罚|处置|取缔|整治|执法").search(tail) else (
            classify(tail) if tail and not _ACT_ONLY.match(tail) else ("牵头" if "牵头" in seg else "负责"))
        closing = segs[j] if j < len(segs) else ""
        closing = _rx(r"^(?:共同|协同|合力)?(?:做好|抓好|负责|开展|推进|落实)").sub("", closing) if closing else ""
        candidates = ["" if _ACT_ONLY.match(tail) else _matter(tail), _rx(r"^(?:对|将)").sub("", topic),
                      *["" if _ACT_ONLY.match(mc.group("tail")) else _matter(mc.group("tail")) for mc in coops], closing]
        matter = next((x for x in candidates if _rx(rf"[{CJK}]{{2}}").search(x)), "")
        if not matter:
            continue
        before = segs[:i]
        condition = next((b for b in reversed(before) if _rx(r"的$|内$|时$|外$|范围$|以外$|区域$").search(b)), "")
        if not topic and before and not condition:
            matter = matter or before[-1]
        return [Clause(unit, sentence, matter, leads, cooperating, verb, condition, _level(leads or cooperating),
                       False, lead_generic and not leads)]
    return []


def _violation(before: str) -> tuple[str, str]:
    """The violation of a penalty clause (opener 「违反本条例第X条规定」 dropped when more follows), and a condition."""
    text = before.rstrip("，, ")
    text = _rx(r"的$").sub("", text)
    segs = [x for x in _rx(r"[，,]").split(text) if x]
    while len(segs) > 1 and _rx(r"^[^，]{0,20}?违反(?:本(?:条例|办法|规定)|前款|本条)?(?:第[^，]*?)?(?:的)?规定(?:的)?$").match(segs[0]):
        segs = segs[1:]
    condition = ""
    if len(segs) > 1 and _rx(r"^(?:在|对)[^，]*(?:中|时)$").match(segs[0]):
        condition, segs = segs[0], segs[1:]
    v = "，".join(segs)
    if _rx(r"^有?下列(?:[^，]{0,6})?(?:行为|情形|情况)之一$").match(v) and segs != [x for x in _rx(r"[，,]").split(text) if x]:
        v = text  # 「下列行为之一」 names nothing: the violator and the rule broken do
    v = _rx(r"^(?:对|有)").sub("", v)
    return v.removesuffix("的"), condition


_ACCEPTED = re.compile(rf"[，,]?(?:并|同时)?(?:应当|应|须|必须)?(?:自觉)?接受(?P<np>[^，,。；的]{{0,40}}?(?:{_ORGAN}))"
                       rf"(?:(?:以及|和|及)(?:其他)?(?:有关|相关)部门)?(?:依法)?(?:进行|实施)?的(?P<x>(?:业务)?(?:指导|协调|检查|监督|管理|审查)"
                       rf"(?:[、和与及]?(?:业务)?(?:指导|协调|检查|监督|管理|审查))*)(?=[，,。；;]|$)")
_SUPERVISE_SEG = re.compile(r"^(?:并|同时|还)?(?:及时|坚决)?(?:依法)?(?:指导、|指导和)?(?P<v>监督、管理|监督和管理|监督管理|监督检查|督促|查处|监督|"
                            r"制止|调查和处理|调查处理)"
                            r"(?P<x>[\u4e00-\u9fff、“”]{2,40})$")
# The verb class of such a later segment (the rest supervise).
_LATER_VERB = {"查处": "查处", "制止": "查处", "调查和处理": "查处", "调查处理": "查处"}
_RESPONSIBLE_FOR = re.compile(r"^是(?P<x>[^，,。；]{2,60}?)的(?:第一)?(?:责任主体|责任单位|第一责任人|(?:行政)?领导机关)[。；]?$")


def _subject_clause(holders, generic, rest, segs, i, condition, unit, sentence, out) -> tuple[Clause | None, int]:
    """A clause opened by its holders: 「A(应当)负责X」「A对X实施监督管理」「A会同B…X」「B配合A做好X」「A是X的主管部门」."""
    rest = rest.strip("，,。；; ")
    if _not_a_duty(holders, rest):
        return None, i
    joint = bool(JOINT.search(rest[:30])) and bool(holders)
    head = _rx(r"^(?:可以|应当|应|要|须)?(?P<c>根据[^，,]{2,30}的需要|在[^，,]{2,60}时|发现[^，,]{2,60}时)").match(rest)
    if head and not condition:
        condition = head.group("c")
    core = _strip_modals(rest)
    # 「A在依法履职中发现X的问题，应当…」: what A finds is when; the duty follows.
    if _rx(r"^在[^，,]{2,40}?中发现[^，,]{2,60}$").match(core) and i < len(segs):
        condition = condition or core
        core = _strip_modals(segs[i].strip("，,。 "))
        i += 1
    m = _REFUSAL.match(core)
    if m:
        c = Clause(unit, sentence, m.group("x").strip() or m.group("v"), list(holders), [], "审批", condition,
                   _level(holders), joint, generic and not holders)
        out.append(c)
        return c, i
    # 「A、B、C要密切配合，共同做好X」: several holders working together on X, none leading — joint.
    if _rx(r"^(?:密切|相互|积极|加强|紧密|通力)?(?:配合|协作|协同|合作|联动|沟通)(?:[、和](?:配合|协作|协同|合作|联动|沟通))?$").match(core) \
            and i < len(segs) and len(holders) > 1:
        joint = True
        core = _rx(r"^(?:共同|协同|合力)").sub("", _strip_modals(segs[i].strip("，,。 ")))
        i += 1
    # Continue over a segment that only qualifies (「应当按照各自职责，」, 「在定期普查的基础上，」).
    while (not core or _qualifier_only(core) and not _rx(r"^(?:对|在各自)").match(core)) and i < len(segs):
        nxt = segs[i].strip("，,。 ")
        i += 1
        if _rx(r"^(?:在[^，,]{2,40}时)$").match(nxt):
            condition = nxt
        core = _strip_modals(nxt)
    # 「A认为必要，或者有五分之一以上的代表提议，可以X」: the judgement and its alternatives say when, X is the duty
    # (the labels record no condition for such a judgement).
    if _rx(r"^认为(?:有)?(?:必要|需要)(?:时)?$").match(core) and i < len(segs):
        while i < len(segs) - 1 and _rx(r"^或者").match(segs[i].strip()):
            i += 1
        core = _strip_modals(segs[i].strip("，,。 "))
        i += 1
    while _rx(r"^[^，,]{1,40}的$").match(core) and i < len(segs):
        condition = core
        core = _strip_modals(segs[i].strip("，,。 "))
        i += 1
    # 「A应当采取措施，做好X」: the measures are said by what follows.
    if _rx(r"^(?:采取(?:有效|必要|积极|相应|切实|综合)?措施|(?:采取|通过)多种(?:形式|方式|途径|渠道))$").match(core) and i < len(segs):
        core = _strip_modals(segs[i].strip("，,。 "))
        i += 1
    # 「市人民政府可以授权市林业行政主管部门对X登记造册」: the body authorised holds what follows.
    m = _rx(rf"^授权(?P<b>[^，,。；]{{2,40}}?(?:{_ORGAN}))(?P<rest>(?:在|对|负责|承担|行使|实施|办理|组织|听取|审批|决定)[^。；]+)$").match(core)
    if m:
        authorised, _ = split_holders(m.group("b"))
        if authorised:
            return _subject_clause(authorised, False, m.group("rest"), segs, i, condition, unit, sentence, out)
    coop: list[Holder] = []
    lead_holders, coop_holders = holders, []
    # 「各级人民政府是本行政区域公共文化服务的责任主体」: what it answers for is its duty.
    m = _RESPONSIBLE_FOR.match(core)
    if m:
        c = Clause(unit, sentence, m.group("x"), list(holders), [], "负责", condition, _level(holders), joint, generic and not holders)
        out.append(c)
        return c, i
    m = _rx(r"^是(?P<x>.+?)的?(?:行政)?主管(?:部门|机关)").match(core)
    if m:
        core, verb = m.group("x").removeprefix("同级人民政府主管").removeprefix("本市").strip(), "主管"
        c = Clause(unit, sentence, core, list(holders), [], verb, condition, _level(holders), joint, generic and not holders)
        out.append(c)
        return c, i
    # The cooperating bodies end where the duty's verb or a qualifier (根据/按照/依据/以…为基础) begins.
    m = _rx(r"^(?:会同|联合|与)(?P<c>[^，,]{2,80}?(?:" + _ORGAN + r"|企业|社会组织)(?:方面)?(?:的)?(?:代表)?)(?=做好|开展|共同|对|进行|组织|研究|制定|编制|确定|负责|"
            r"配合|协调|指导|实施|建立|制订|拟定|根据|按照|依据|依照|以(?!及)|在|加强|划定|采取|商定|提出|推进|完善|设置|发布|"
            r"公布|审查|审核|评估|监测|检查|定期|及时|依法|约谈|划分|查处|处理|[，,。；]|$)(?P<rest>.*)$").match(core)
    if m:
        coop = split_holders(m.group("c"))[0]
        if core.startswith("与") and _rx(r"^共同").match(m.group("rest")):
            lead_holders, coop, joint = holders + coop, [], True
        tail = m.group("rest").strip("，, ")
        tail = _rx(r"^(?:共同|组织)?(?:做好|开展)?").sub("", tail) or tail
        # 「按照下列规定提出…」「根据…需要，制定…」: a qualifier in the same segment is no part of the matter.
        tail = _rx(r"^(?:按照|依照|依据|根据)[^，,]{0,20}?(?:规定|要求|标准|原则|需要)(?!的)(?=[\u4e00-\u9fff]{2})").sub("", tail) or tail
        if _qualifier_only(tail) or not tail or _rx(r"^(?:以及|和|及|等)").match(tail):
            tail = segs[i].strip("，,。 ") if i < len(segs) else tail
            j = i
            while (_qualifier_only(tail) or _rx(r"^(?:以及|和|及|等)").match(tail)) and j + 1 < len(segs):
                j += 1
                tail = segs[j].strip("，,。 ")
        verb = "会同" if core.startswith(("会同", "联合")) else classify(tail)
        c = Clause(unit, sentence, _matter(tail), list(lead_holders), coop, verb, condition, _level(holders), joint,
                   generic and not holders)
        if c.matter:
            out.append(c)
            return c, i
        return None, i
    m = _rx(rf"^(?:配合|协助|协同)(?P<l>[^，,]{{2,60}}?(?:{_ORGAN})(?:{_PAREN})?(?:(?:、|和|及|以及|或者|或)[^，,、]{{2,30}}?(?:{_ORGAN}))*)?"
            rf"(?:依法)?(?:做好|开展|进行|维护)?(?P<rest>.*)$").match(core)
    if m and m.group("l") and _NOT_ORGAN_END.search(m.group("l")):
        m = _rx(r"^(?:配合|协助|协同)(?P<l>)(?:做好|开展|进行|维护)?(?P<rest>.*)$").match(core)
    if m:
        lead, lead_generic = split_holders(m.group("l")) if m.group("l") else ([], True)
        verb = "协助" if core.startswith("协助") else "配合"
        matter = _matter(_rx(r"[，,]").split(m.group("rest"))[0])
        if m.group("l") and not lead and not lead_generic:
            lead_generic = True
        # 「公安、畜牧等部门和街道办事处应当协同做好X」「乡镇配合做好X」 with nobody named to lead: they cooperate
        # (属地管理的配合责任) with a lead the text leaves open — generic, joint when 按照各自职责.
        c = Clause(unit, sentence, matter, lead, list(holders), verb, condition, _level(holders),
                   joint and not lead, not lead)
        if matter:
            out.append(c)
            return c, i
        return None, i
    m = _rx(rf"^委托(?P<c>[^，,]{{2,40}}?(?:{_ORGAN}))(?P<rest>.+)$").match(core)
    if m:
        c = Clause(unit, sentence, _matter(_rx(r"[，,]").split(m.group("rest"))[0]), list(holders),
                   split_holders(m.group("c"))[0], classify(m.group("rest")), condition, _level(holders), joint,
                   generic and not holders)
        if c.matter:
            out.append(c)
            return c, i
    m = _rx(rf"^(?P<v>提请|移送)(?P<l>[^，,]{{2,60}}?(?:{_ORGAN}))依法(?:进行)?(?P<x>处理|查处)").match(core)
    if m:
        lead, lg = split_holders(m.group("l"))
        c = Clause(unit, sentence, condition and _rx(r"^对").sub("", condition) or m.group("x"), lead, list(holders),
                   "查处", "", _level(lead), False, not lead)
        out.append(c)
        return c, i
    m = _rx(rf"^组织(?P<c>[^，,对]{{2,60}}?(?:{_ORGAN}))(?:及其他有关部门|等部门)?对(?P<x>[^，,]+?)(?:进行|实施)?(?P<v>审核|审查|调查|检查|评估)").match(core)
    if m:
        c = Clause(unit, sentence, m.group("x"), list(holders), split_holders(m.group("c"))[0],
                   "审批" if m.group("v") in ("审核", "审查") else "负责", condition, _level(holders), joint, generic and not holders)
        out.append(c)
        return c, i
    # 「A组织B、C等部门和D建立X」: A leads, the bodies it organises cooperate on X.
    m = _rx(rf"^组织(?P<c>[^，,对]{{2,80}}?(?:{_ORGAN})(?:等(?:有关|相关)?(?:行政)?(?:主管)?部门)?)"
            rf"(?P<x>(?:共同)?(?:建立|建立健全|开展|制定|编制|实施|做好|进行|落实|推进)[^，,]{{2,}})$").match(core)
    if m and not _NOT_ORGAN_END.search(m.group("c")):
        coop = split_holders(m.group("c"))[0]
        if coop:
            c = Clause(unit, sentence, _matter(m.group("x")), list(holders), coop, "牵头", condition, _level(holders), joint,
                       generic and not holders)
            out.append(c)
            return c, i
    # 「A应当组织（协调）B、C等有关单位，D等，开展X」: the bodies organised cooperate on the act that follows.
    m = _rx(rf"^组织(?:协调)?(?P<c>[^，,]{{2,120}}?(?:{_ORGAN}|单位))$").match(core.strip("，,。 "))
    if m and i < len(segs) and not _NOT_ORGAN_END.search(m.group("c")):
        coop = split_holders(m.group("c"))[0]
        k = i
        while k < len(segs) - 1 and _rx(rf"^(?:[^，,]{{2,60}}?(?:{_ORGAN}|组织))等?$").match(segs[k].strip("，,。 ")) \
                and not DUTY_START.match(segs[k].strip()):
            coop += split_holders(segs[k].strip("，,。 ").rstrip("等"))[0]
            k += 1
        act = _strip_modals(segs[k].strip("，,。；; "))
        if DUTY_START.match(act) or DUTY_HEAD.match(act):
            c = Clause(unit, sentence, _matter(act), list(holders), coop, "牵头", condition, _level(holders), joint,
                       generic and not holders)
            if c.matter:
                out.append(c)
                return c, k + 1
    later = [k for k in range(i, len(segs)) if _rx(r"^(?:须|要|应当|应)?(?:及时)?(?:提请|移送)").match(segs[k].strip())]
    if core.startswith("对") and later:
        k = later[0]
        cond = "，".join(x.strip("，, ") for x in segs[i:k] if x.strip("，, "))
        mr = _rx(rf"^(?:须|要|应当|应)?(?:及时)?(?:提请|移送)(?P<l>[^，,]{{2,60}}?(?:{_ORGAN}))依法").match(segs[k].strip())
        if mr:
            lead, _ = split_holders(mr.group("l"))
            c = Clause(unit, sentence, _rx(r"^对").sub("", re.split(r"[，,]", core)[0]), lead, list(holders), "查处",
                       cond, _level(lead), False, not lead)
            out.append(c)
            return c, k + 1
    parts = _rx(r"[，,]").split(core)
    first = parts[0]
    # 「查处未经许可…届满后，擅自从事相关经营活动的行为」: the object runs on to its head noun.
    if len(parts) > 1 and _rx(r"^[^，,]{0,40}的(?:行为|活动|违法行为|情况|工作|事项)$").match(parts[1]):
        first = first + "，" + parts[1]
    if _rx(r"^对[^，,]*$").match(first) and i < len(segs) and not _rx(r"监督管理|监管|监督|负责|负全责|负总责").search(first):
        first = first + "，" + segs[i].strip("，,。 ")
        m2 = _rx(r"^对(?P<x>[^，,]+)[，,](?P<v>.+)$").match(first)
        via = _matter(first)
        if m2 and via != first.strip("，,。 ") and not via.startswith("对"):
            c = Clause(unit, sentence, via, list(holders), [], classify(m2.group("v")), condition,
                       _level(holders), joint, generic and not holders)
            out.append(c)
            return c, i
        # 「对在…做出显著成绩的单位或个人，给予表彰和奖励」: those rewarded are the matter.
        if m2 and _rx(r"^(?:应当|可以)?(?:按照[^，,]{0,12}规定)?(?:给予|予以)(?:表彰|奖励|表扬|补助|补偿|扶持)").match(m2.group("v")):
            c = Clause(unit, sentence, m2.group("x"), list(holders), [], classify(m2.group("v")), condition,
                       _level(holders), joint, generic and not holders)
            out.append(c)
            return c, i
        # 「对借查处之机，吃拿卡要的行为予以查处」: the act dealt with heads the second segment; the first says when.
        mv = m2 and _rx(r"^(?P<y>[^，,]{2,40}的(?:行为|违法行为|活动|案件|问题))(?:依法)?(?:予以|进行|实施)?"
                        r"(?:查处|处理|处罚|制止|纠正)").match(m2.group("v"))
        if mv:
            c = Clause(unit, sentence, mv.group("y"), list(holders), [], classify(m2.group("v")),
                       condition or m2.group("x"), _level(holders), joint, generic and not holders)
            out.append(c)
            return c, i
        if m2:
            c = Clause(unit, sentence, m2.group("x"), list(holders), [], classify(m2.group("v")), condition,
                       _level(holders), joint, generic and not holders)
            out.append(c)
            return c, i
    matter = _matter(first)
    # 「…依法履行各自职责，具体组织实施，共同做好X」: a bare act, then the segment that says what it is done on.
    if matter and (_ACT_ONLY.fullmatch(matter) or VERB_ONLY.match(matter)):
        for k in range(i, min(i + 2, len(segs))):
            mx = _rx(r"^(?:并)?(?:共同|协同|合力)?(?:做好|抓好|负责)(?P<x>[^，,。；]{4,})").match(segs[k].strip("，,。；; "))
            if mx:
                matter, i = mx.group("x"), k + 1
                break
    if not matter:
        return None, i
    c = Clause(unit, sentence, matter, list(holders), list(coop_holders), classify(core), condition, _level(holders),
               joint, generic and not holders)
    _cooperation(first, c)
    if c.generic or c.leads or c.cooperating:
        out.append(c)
        return c, i
    return None, i


def _cooperating_after(text: str, out: list[Clause], ctx: _Context) -> None:
    """「…，由A依法查处，所在地乡镇人民政府予以配合」: a later segment that only cooperates joins the clause."""
    if not out:
        return
    for seg in _rx(r"[，,]").split(text):
        m = _rx(rf"^(?P<np>{_NP})(?:应当|要|须)?(?:予以|积极|主动|负责)?(?:配合|协助|协同)(?:做好|开展|实施)?(?:相关|有关)?(?:工作)?[。；;]?$").match(seg.strip())
        if m and not NP_START.match(m.group("np")):
            holders = _holders(m.group("np"), ctx)[0]
            out[-1].cooperating += [h for h in holders if h not in out[-1].cooperating]


# A predicate that only assists: 「由公安机关依法予以协助」「B应当予以配合」 — no matter of its own.
_ASSIST_ONLY = _rx(r"(?:依法)?(?:予以|给予|积极|主动)?(?:配合|协助|协同)(?:工作)?")


def _assists_the_clause_before(found: list[Clause], earlier: list[Clause]) -> list[Clause]:
    """「拒绝配合的，由公安机关依法予以协助」「…由A查处，B应当予以配合」: a body that only assists cooperates on the duty of
    the clause before it in the same unit (one sentence or the one before), instead of leading a duty named 「予以协助」."""
    kept: list[Clause] = []
    for c in found:
        before = kept or earlier
        if c.leads and before and _ASSIST_ONLY.fullmatch(c.matter):
            target = before[-1]
            target.cooperating += [h for h in c.leads if h not in target.cooperating and h not in target.leads]
            continue
        kept.append(c)
    return kept


def _cooperation(seg: str, clause: Clause) -> None:
    """Cooperating parties named in a later segment of the same clause."""
    m = _rx(rf"(?:征求|听取)(?P<c>[^，,]{{2,40}}?(?:{_ORGAN}))的意见").search(seg)
    if m:
        clause.cooperating += split_holders(m.group("c"))[0]
    m = _rx(rf"接到(?P<c>[^，,]{{2,80}}?(?:{_ORGAN}|中心))(?:关于[^，,]*?)?的报告").search(seg)
    if m:
        clause.cooperating += split_holders(m.group("c"))[0]


def _report_after(text: str, out: list[Clause]) -> None:
    """「…，报A批准」: the approving body of what the clause before prepared."""
    if not out:
        return
    for m in _rx(rf"报(?:经)?(?P<np>[^，,。；]{{2,40}}?(?:{_ORGAN}))(?P<v>批准|审批|备案)").finditer(text):
        holders, _ = split_holders(m.group("np"))
        if holders:
            out.append(replace(out[-1], leads=holders, cooperating=[], verb="审批", level=_level(holders), condition=""))


def _supervised_by(sentence: str, unit: TextUnit) -> list[Clause]:
    """「乡、镇林业工作站受区、县林业行政主管部门的业务指导」「业务上受市出版主管部门的监督和指导」「业务上受市规划行政
    管理部门领导」: the body that guides, supervises or leads holds that duty (「在A的领导下」 only says whose the subject is, and gives none)."""
    out = []
    for m in _rx(rf"受(?P<np>[^，,。；]{{2,40}}?(?:{_ORGAN}))的?(?P<x>(?:业务)?(?:监督和指导|指导和监督|监督指导|指导|监督|领导))(?=[，,。；]|$)").finditer(sentence):
        holders, _ = split_holders(m.group("np"))
        if holders:
            out.append(Clause(unit, sentence, m.group("x"), holders, [], classify(m.group("x")), "", _level(holders)))
    return out


_APPLICATION_PAPERS = _rx(r"^(?:下列|以下|有关|相关|规定的|书面)?(?:申请)?(?:资料|材料|申请书|申请表|文件)")


def _approvals(sentence: str, unit: TextUnit, ctx: _Context) -> list[Clause]:
    """「应当取得A的许可」「向A申请…」「到A申请…」: A decides; the matter is what is applied for."""
    out = []
    s = ITEM_MARK.sub("", sentence)
    if not APPLICATION_WORDS.search(s) and "决定" not in s:
        return out
    if _rx(r"已经[^，,。；]{0,20}(?:批准|同意)|现予(?:印发|公布|发布)|现(?:印发|转发)给你们").search(s):
        return out  # a transmittal's record of what was approved (「…经中央编办审核，已经国务院批准，现予印发」) gives no duty
    # 「涉及国家秘密的人员的流动，应当事先征得保密部门的同意」: the body whose consent is needed approves.
    m = _rx(rf"^(?P<x>[^，,。；]{{4,40}}?)(?<!的)[，,](?:应当|须|必须|应)?(?:事先|事前|预先)?征得(?P<np>[^，,。；]{{2,40}}?(?:{_ORGAN}))(?:的)?(?:书面)?同意").match(s)
    if m:
        holders, _ = split_holders(m.group("np"))
        if holders:
            out.append(Clause(unit, sentence, m.group("x"), holders, [], "审批", "", _level(holders)))
    for m in _rx(rf"将(?P<x>[^，,。；]{{2,30}}?)报(?:经)?(?P<np>[^，,。；]{{2,60}}?(?:{_ORGAN}))(?:审查|审核)?(?:批准|审批|备案)").finditer(s):
        holders, _ = split_holders(m.group("np"))
        if holders and not re.search("本级人民政府|同级人民政府", m.group("np")):
            out.append(Clause(unit, sentence, m.group("x"), holders, [], "审批", "", _level(holders)))
    m = _rx(rf"^(?P<x>[^，,。；]{{4,60}})的[，,][^。；将]*?报(?:经)?(?P<np>[^，,。；]{{2,40}}?(?:{_ORGAN}))(?:审查|审核)?(?:批准|审批)").match(s)
    if m and not _rx(r"^(?:本级|同级)").match(m.group("np")):
        holders, _ = split_holders(m.group("np"))
        x = _rx(r"^(?:因|凡)").sub("", m.group("x"))
        if holders:
            out.append(Clause(unit, sentence, x, holders, [], "审批", "", _level(holders)))
    for m in _rx(rf"(?P<pre>[^，,。；]*)[，,](?:并)?(?P<by>按照[^，,。；]{{0,12}})?报(?:送)?(?:经)?(?P<np>[^，,。；]{{2,60}}?(?:{_ORGAN}))(?:审查|审核|审批|批准|审定)").finditer(s):
        # 「A负责编制X，报B审核」「A制定X，按照规定报B批准」「A划分X，报市人民政府审定」: B approves X (本级/同级
        # governments: see above).
        if not m.group("by") and (not _rx(r"(?:编制|制定|拟定|拟订|起草|划定|划分)").search(m.group("pre"))
                                  or _rx(r"^(?:本级|同级|上一级|上级)").match(m.group("np"))):
            continue
        holders, _ = split_holders(m.group("np"))
        x = _rx(r"^.*(?:编制|制定|拟定|拟订|起草|划定|划分)").sub("", m.group("pre"))
        if not x:  # 「城市总体规划由市人民政府组织编制，报国务院审批」: the topic before 由 is what is approved
            mt = _rx(rf"^(?P<x>[^，,]{{2,40}}?)由(?=[^，,]{{2,60}}?(?:{_ORGAN}))").match(m.group("pre"))
            x = mt.group("x") if mt else ""
        if holders and x:
            out.append(Clause(unit, sentence, x, holders, [], "审批", "", _level(holders)))
    # 「重点管理区内的农村地区，经区人民政府决定，可以按照一般管理区进行管理」: with nobody else named, the body whose
    # decision it takes holds what may then be done.
    for m in _rx(rf"(?:^|[，,])经(?P<np>[^，,。；]{{2,30}}?(?:{_ORGAN}))(?:研究)?决定[，,](?:可以|应当|可)?(?P<x>[^，,。；]{{4,40}})(?=[。；]|$)").finditer(s):
        holders, _ = split_holders(m.group("np"))
        if holders and not find_holder_clause(m.group("x")) and not _rx(r"^由").match(m.group("x")):
            out.append(Clause(unit, sentence, m.group("x"), holders, [], "负责", "", _level(holders)))
    # 「X，由A向C申报。C审核同意后报D审批。」: a naming or approval chain — C and D decide on X (the matter is left
    # to the unit's clause before: "审批" is filled in by the caller).
    m = _rx(rf"^(?P<x>[^，,。；]{{2,40}}?)[，,]由[^，,。；]{{2,60}}?(?:{_ORGAN})[^，,。；]{{0,20}}?向(?P<np>[^，,。；]{{2,40}}?(?:{_ORGAN}))(?:申报|提出申请|申请)").match(s)
    if m:
        holders, _ = split_holders(m.group("np"))
        if holders:
            out.append(Clause(unit, sentence, m.group("x"), holders, [], "审批", "", _level(holders)))
    m = _rx(rf"^(?P<a>[^，,。；]{{2,30}}?(?:{_ORGAN}))(?:审核|审查|初审)(?:同意)?后[^。；]{{0,30}}?报(?:经)?(?P<b>国务院|[^，,。；]{{2,30}}?(?:{_ORGAN}))(?:审批|批准|审定|核准)").match(s)
    if m:
        for np in (m.group("a"), m.group("b")):
            holders, _ = split_holders(np)
            if holders:
                out.append(Clause(unit, sentence, "审批", holders, [], "审批", "", _level(holders)))
    for m in _rx(rf"经(?P<np>[^，,。；的后报]{{1,40}}?(?:{_ORGAN}))(?:审议)(?:通过)?后?(?=[，,]|报)").finditer(s):
        holders, _ = split_holders(m.group("np"))
        if holders and not _rx(r"^(?:本级|同级)").match(m.group("np")):
            out.append(Clause(unit, sentence, "审议", holders, [], "负责", "", _level(holders)))
    for m in _rx(rf"(?:取得|经)(?P<np>[^，,。；的后报]{{2,40}}?(?:{_ORGAN}))的?(?:运输)?(?:许可|批准|核定|审核|审定|确认|认定)").finditer(s):
        if _rx(r"^(?:本级|同级)").match(m.group("np")):
            continue  # the government of the holder named before: no body of its own (as in 「报同级人民政府批准」)
        segs = [x for x in _rx(r"[，,]").split(_rx(r"[，,]?(?:应当|须|必须|应)?$").sub("", s[: m.start()])) if x]
        matter = segs[-1].strip() if segs else ""
        # 「外国人未经主管机关批准，不得参加…」「未经A许可，任何单位和个人不得X」: what needs the approval is X.
        mn = _rx(r"^(?:的?[，,])?(?:任何(?:单位|组织)?(?:和|或者)?(?:个人)?)?(?:不得|禁止|擅自)(?P<x>[^，,。；]{2,60})").match(s[m.end():]) \
            if _rx(r"(?:^|[，,]|[\u4e00-\u9fff])未$").search(s[: m.start()]) else None
        if mn:
            matter = mn.group("x")
        # 「A会同B编制X，经C批准后…」: what is approved is the object of the verb, not the clause.
        mo = _rx(r"(?:组织编制|编制|制定|拟定|拟订|起草)(?P<x>[^，,]{2,40})$").search(matter)
        if mo and find_holder_clause(matter):
            matter = mo.group("x")
        # 「X由A商B提出，经C批准」: what C approves is X, the topic before 由.
        mt = _rx(rf"^(?P<x>[^，,]{{2,40}}?)由(?=[^，,]{{2,60}}?(?:{_ORGAN}))").match(matter)
        if mt:
            matter = mt.group("x")
        holders, _ = split_holders(m.group("np"))
        if holders and matter:
            out.append(Clause(unit, sentence, matter, holders, [], "审批", "", _level(holders)))
    for m in _rx(rf"(?:书面)?告知(?P<np>[^，,。；]{{2,40}}?(?:{_ORGAN}))(?=[，,。；]|$)").finditer(s):
        holders, _ = split_holders(m.group("np"))
        if holders:  # 「X，应当提前书面告知A」: A is told of X (the matter is given by _applied_for)
            out.append(Clause(unit, sentence, "告知", holders, [], "审批", "", _level(holders)))
    for m in _rx(rf"(?:向|到)(?P<np>[^，,。；]{{2,60}}?(?:{_ORGAN}))(?:指定(?:的)?(?:地点|机构))?(?P<v>申请办理|申请|提出申请|提出|备案|办理|申领|报送|提交|递交)(?P<x>[^，,。；]*)").finditer(s):
        if _rx(r"举报|投诉|反映|报告|控告|申诉|复议|诉讼|仲裁|调解").search(m.group("x")[:8]) or _rx(r"举报|投诉|反映|报告").search(s[m.end("np"):m.end("np") + 4]):
            continue
        # 「向A报送年度报告」 reports; only application papers (下列材料, 申请书) make A the one deciding.
        if m.group("v") in ("报送", "提交", "递交") and not _APPLICATION_PAPERS.match(m.group("x")):
            continue
        np = m.group("np")
        delegate: list[Holder] = []
        md = _rx(rf"^(?P<a>.+?(?:{_ORGAN}))或者其委托的(?P<b>.+)$").match(np)
        if md:
            np, delegate = md.group("a"), split_holders(md.group("b"))[0]
        holders, _ = split_holders(_rx(r"^.*[的向到]").sub("", np))
        v, x = m.group("v"), m.group("x")
        matter = x if v in ("申请办理", "办理") and len(x) >= 4 else (v + x if v != "提出" else x)
        if v == "备案" and not x:
            matter = "备案"
        # 「申请食品经营许可的，应当向A提交下列材料」「从事X的，应当向A提出申请」: what is applied for is the topic the
        # sentence opens with (kept with its 申请, as written).
        if v in ("报送", "提交", "递交") or matter in ("申请", "提出申请") or v == "提出" and x.startswith("申请"):
            first = _rx(r"[，,]").split(s[: m.start()], maxsplit=1)[0]
            topic = _rx(r"^(?:凡|因|需要)").sub("", first[:-1] if first.endswith("的") else first)
            if (first.endswith("的") or first.startswith("申请")) and len(topic) >= 2 and first != s[: m.start()] \
                    and not _rx(_ORGAN).search(topic):
                matter = topic
            elif v in ("报送", "提交", "递交"):
                continue
        if holders and matter:
            out.append(Clause(unit, sentence, matter, holders, delegate, "审批", "", _level(holders)))
    return out


# ---------------------------------------------------------------- documents

def _heading_subject(text: str) -> str | None:
    """A line that makes its body the subject of the items below it, else None."""
    t = ITEM_MARK.sub("", _rx(r"^第[零〇一二三四五六七八九十百千0-9]+条\s*").sub("", text)).strip()
    m = HEADING.match(t)
    if m:
        np = (m.group("np") or m.group("np2") or m.group("np3") or m.group("np4")).rstrip("，,")
        np = _rx(r"^.*[，,]").sub("", np)
        np = _rx(r"^.*(?:设立|成立|设置)").sub("", np)
        np = np.split("是", 1)[0] if "是" in np and not np.startswith("是") else np
        if _rx(rf"(?:{_ORGAN})(?:{_PAREN})?$").search(np) or np.endswith(("河长", "总河长")):
            return np
    # 「（三）市质监局。」「(一)辽阳市政府」: a numbered line that is only a body's name.
    if ITEM_MARK.match(text) or text.endswith("。"):
        m = _rx(rf"^(?P<np>[{CJK}（）()、]{{2,30}}?(?:{_ORGAN})(?:{_PAREN})?)[。.]?$").match(t)
        if m and not find_holder_clause(m.group("np")) and not _NOT_ORGAN_END.search(m.group("np")) \
                and not _rx(rf"(?:{_ORGAN})(?:应当|可以)?设(?:立|置)?(?=[\u4e00-\u9fff]{{2}})").search(m.group("np")):
            return m.group("np")  # not 「A是X行政主管部门。」 (a sentence) nor 「违法建设查处。」 (a topic)
    return None


def _dot_subject(text: str) -> tuple[str, str] | None:
    """「县委宣传部。负责…」「（二十一）监察部门。负责…」「（一）县市场监管局：负责…」 → (body, rest)."""
    t = ITEM_MARK.sub("", text).strip()
    m = _rx(rf"^(?P<np>[{CJK}（）()、]{{2,30}}?(?:{_ORGAN}))[。.](?P<rest>.+)$").match(t)
    if m and not find_holder_clause(t) and not _NOT_ORGAN_END.search(m.group("np")):
        return m.group("np"), m.group("rest")
    # A department-headed item: the body, a colon, then its duties (the usual 职责分工 notice shape).
    m = _rx(rf"^(?P<np>[{CJK}（）()、]{{2,30}}?(?:{_ORGAN})(?:{_PAREN})?)[：:](?P<rest>.*(?:负责|承担|配合|协助|牵头|做好|开展|组织|指导|监督|查处).*)$").match(t)
    if m and not NP_START.match(m.group("np")):
        return m.group("np"), m.group("rest")
    return None


def _sanding_department(meta: dict[str, str], units: list[TextUnit]) -> str:
    from ingest.sanding import clean_text, department_from_title

    title = clean_text(meta.get("title", ""))
    dept = department_from_title(title)
    dept = _rx(r"（.*$|\(.*$").sub("", dept)
    return dept


def read_text_clauses(text: str, kind: str, meta: dict[str, str] | None = None) -> list[Clause]:
    """Every clause of one document's text (``kind`` law / notice / sanding)."""
    units = text_units(text, kind)
    meta = meta if meta is not None else header(text)
    ctx = _Context()
    if kind == "sanding":
        ctx.default = _sanding_department(meta, units)
        ctx.subject = ctx.default
        lv = meta.get("level", "")
        ctx.default_level = {"national": "国家", "province": "省", "city": "市", "county": "县"}.get(lv.split(" ")[0], "")
    out: list[Clause] = []
    for unit in units:
        if kind == "law" and unit.article != ctx.article:
            ctx.article, ctx.subject, ctx.in_list, ctx.last_np = unit.article, "", False, ""
            ctx.default_level = ""
        if kind == "sanding" and _rx(r"^(?:第[零〇一二三四五六七八九十百]+条\s*)?(?:[一二三四五六七八九十]+、)?(?:其他事项[：:。]?)?(?:有关)?职责分工[。：:]?$").match(unit.text.strip()):
            ctx.division, ctx.subject, ctx.in_list = True, "", False
            continue  # 「第五条 职责分工。」: what follows divides duties between named departments
        if kind == "sanding" and ctx.division and _rx(r"^第[零〇一二三四五六七八九十百]+条").match(unit.text.strip()):
            ctx.division = False
        if ctx.division:
            ctx.subject, ctx.in_list = "", False
        head = _heading_subject(unit.text) if not ctx.division else None
        if head:
            ctx.subject, ctx.in_list = head, True
            if not _rx(r"[：:]").search(unit.text) or _rx(r"[：:]$").search(unit.text.strip()):
                continue
        dot = _dot_subject(unit.text) if not ctx.division else None
        body = unit.text
        if dot:
            (ctx.subject, body), ctx.in_list = dot, True
        elif kind != "sanding" and not ITEM_MARK.match(unit.text) and not head and kind == "notice":
            # A notice's prose line that names no subject of its own starts afresh.
            pass
        pieces = _inline_items(body) if kind == "sanding" else [body]
        inline_duties = False
        if kind == "sanding" and ctx.default:
            # 「主要职责：统筹…；负责…；承担…」: the department's duties listed in one line, one per 「；」.
            mi = _rx(r"^(?:[一二三四五六七八九十]+、\s*)?(?:主要职责|职能职责|工作职责)(?:是|如下|为)?[：:](?P<rest>.+；.+)$").match(body.strip())
            if mi:
                ctx.subject, ctx.in_list, inline_duties = ctx.default, True, True
                pieces = [x for x in _rx(r"(?<=；)").split(mi.group("rest")) if x.strip("；。 ")]
        previous = ""
        ctx.last_np = ""  # elision across sentences stays inside the unit (a 款 names its own holder)
        for piece in pieces:
            sub = _heading_subject(piece)
            if sub and kind == "sanding":
                ctx.subject = sub
            # 「（一）办公室。负责…」: the unit named before the full stop is the subject of its duties.
            ctx.explicit_only = kind == "sanding" and (not ITEM_MARK.match(piece.strip()) and not inline_duties and not dot
                                                       or ctx.division)
            sentences = _sentences(piece, kind)
            topic = _topic(sentences) if kind != "sanding" else ""
            designated = _designated_units(piece, topic, unit) if topic else []
            if designated:
                out.extend(designated)
                continue
            for sentence in sentences:
                lead_in = ""
                if topic and _rx(r"^(?:由|以)[^，,。；]{2,60}?(?:牵头|负责|主责|负总责)").match(sentence.strip()):
                    lead_in = topic  # 「一、违法建设查处。由县住建局牵头，…配合。」: the item's topic is the matter
                if previous and _rx(r"^由[^，,。；]{2,60}?(?:责令|处以?[一二三四五六七八九十百千万0-9]|没收|吊销|给予警告)").match(sentence.strip()):
                    # 「……的，依法赔偿损失；由A责令停止违法行为」: the violation opens the sentence before.
                    mv = _rx(r"^(?P<v>.+的)[，,][^，,。；]*[。；;]$").match(previous.strip())
                    lead_in = (mv.group("v") + "，") if mv else ""
                # 「X，由A处理；跨区县的，报市人民政府处理」: the case escalated is decided by the body it goes to —
                # the same matter and verb as the unit's clause before, under the escalation's condition.
                esc = _ESCALATED.match(sentence.strip()) if previous else None
                before = next((o for o in reversed(out) if o.unit is unit), None) if esc else None
                if before is not None:
                    holders, _ = _holders(esc.group("np"), ctx)
                    found = [Clause(unit, sentence, before.matter, holders, [], before.verb,
                                    esc.group("k").rstrip("，,"), _level(holders))] if holders else []
                else:
                    found = read_sentence(lead_in + sentence, unit, ctx)
                if not found and ctx.last_np and not ctx.subject and not ITEM_MARK.match(sentence) \
                        and _ELIDED_START.match(sentence.strip()):
                    # 「A审查X；批准Y；改变或者撤销Z」: a sentence with no subject of its own continues the holder of the
                    # unit's last subject clause (not across 款: that lowered tune-B).
                    ctx.subject = ctx.last_np
                    found = read_sentence(sentence, unit, ctx)
                    ctx.subject = ""
                in_unit = [o for o in out if o.unit is unit]   # the unit's clauses before this sentence
                _elided_matters(found, topic, in_unit)
                # 「违反规定的，由A处理」: the violation is the obligation the sentence before states.
                for c in found:
                    if _rx(r"违反(?:前款|上述|本款|本条)?规定|(?:逾期|拒不)(?:不)?改正|(?:尚)?(?:不|未)构成犯罪|情节严重").fullmatch(c.matter):
                        earlier = [o for o in out + found if o.unit is unit and o is not c and o.verb == "查处"]
                        if earlier:
                            c.condition = c.condition or c.matter + "的"
                            c.matter = earlier[-1].matter
                        elif previous:
                            c.matter = _previous_violation(previous)
                found = _assists_the_clause_before(found, in_unit)
                previous = sentence
                if kind == "sanding" and (ITEM_MARK.match(piece.strip()) or inline_duties) and found and not ctx.division:
                    found = found[:1]  # a 主要职责 item is one duty, however many sentences it has
                    out.extend(found)
                    break
                out.extend(found)
                approvals = _approvals(sentence, unit, ctx) + _supervised_by(sentence, unit)
                for c in approvals:
                    if c.matter == "备案" and found:
                        c.matter = found[-1].matter  # 「…规划由A编制，报B批准，并向C备案」: C files the same plan
                    elif c.matter == "审议" and found:
                        c.matter = found[0].matter  # 「X由A组织编制，经B审议后，报C审批」: B reviews the same X
                    elif c.matter == "审批" and (earlier := found or [o for o in out if o.unit is unit]):
                        c.matter = earlier[0].matter  # 「X，由A向C申报。C审核后报D审批」: C and D decide on the same X
                approvals = [c for c in approvals if c.matter != "审议"]
                out.extend(c for c in approvals if not any(c.matter == o.matter and c.leads == o.leads for o in found))
        if _rx(r"(?:主要职责|职责)(?:如下|是)?[：:]$").search(unit.text.strip()) and not head and out and out[-1].unit is unit \
                and out[-1].leads:
            ctx.subject, ctx.in_list = out[-1].leads[0].name, True
            continue
        if kind == "law" and not ITEM_MARK.match(unit.text) and not head:
            # A 款 that is not an enumeration head does not hand its subject to the next 款.
            ctx.subject = ctx.subject if unit.text.rstrip().endswith(("：", ":")) else ""
            # 「市人民政府和嵩县、栾川县人民政府有关部门按照职责做好下列工作：（一）生态环境主管部门…」: the items'
            # departments are those of the governments the head names, at their levels.
            hc = find_holder_clause(_segments(unit.text.strip())[0]) if unit.text.rstrip().endswith(("：", ":")) else None
            ctx.default_level = _phrase_level(hc[0]) if hc else ""
    return _applied_for(out) if kind == "law" else out


def _phrase_level(np: str) -> str:
    """The levels a holder phrase names, also when it names only the generic departments of some governments."""
    holders, _ = split_holders(np)
    if holders:
        return _level(holders)
    gov = _rx(r"(?:的)?(?:有关|相关)(?:职能|行政)?(?:主管)?部门$").sub("", np)
    return _level(split_holders(gov)[0]) if gov != np and gov else ""


# 「…提出审核意见」「作出批准或者不予批准的决定」「提出书面申请」: what a body does with an application; the matter is
# what is applied for, which the unit says first.
DECISION_ACT = re.compile(r"^(?:(?:自|在)[^，,。；]{0,24}(?:内|起))?(?:依法|当场|及时)?(?:(?:提出|作出|做出)(?:书面)?(?:审核|审查|初审|预审|审批)?"
                          r"(?:意见|决定)|(?:作出|做出)[^，,。；]{0,14}决定|审核同意|(?:提出|提交)?(?:书面)?申请|备案|书面告知|告知|"
                          r"予以(?:核准|批准|登记|受理|许可)|准予(?:登记|许可|核准))$")
# 「申请设立X的，应当报A审核」「利用森林资源开发旅游项目的，应当…向A提出申请」「邮政企业撤销…场所，应当事前向A提出书面申请」
APPLIED_FOR = re.compile(r"^(?P<x>[^，,。；：]{4,60}?)(?:的)?[，,](?:应当|须|必须|应)[^。；]{0,80}?"
                         r"(?:(?:报|向|到|经)[^。]{0,60}?(?:审核|审查|审批|批准|核准|申请|备案|告知|许可)|告知)")


_DECIDED_ON_OBJECT = _rx(r"^对(?P<x>[^，,。；]{2,40}?)[，,]")
_DECIDED_ON_RECEIVED = _rx(r"(?:收到|接到)(?P<x>[^，,。；之]{0,20}?申请(?:材料)?|[^，,。；之后]{2,30}?)(?:之日|后[，,])")
_DECIDED_ON_NEED = _rx(r"^[^，,。；]{0,12}?需要(?P<x>[^，,。；]{4,40})[，,](?:应当|应)?向")
_DECIDED_ON_TOPIC = _rx(r"^(?P<x>申请[^，,。；]{2,30}?)(?=除|[，,])")


def _applied_for(clauses: list[Clause]) -> list[Clause]:
    """Give a unit's decision-only clauses the thing applied for; one clause per holder and matter."""
    out: list[Clause] = []
    for c in clauses:
        changed = False
        if DECISION_ACT.fullmatch(c.matter):
            text = ITEM_MARK.sub("", c.unit.text)
            m = APPLIED_FOR.match(text)
            if m and not find_holder_clause(m.group("x")) and not _rx(r"^(?:违反|对|在|除|经)").match(m.group("x")):
                c.matter, c.verb, changed = _rx(r"^(?:凡|因)").sub("", m.group("x")), "审批", True
            else:
                # 「对受理的X申请，…，A应当作出核准或者驳回的决定」「A应当自收到有关申请之日起…作出审批决定」「单位需要X，
                # 向A提出申请」「申请登记注册的企业名称除…外，A应当予以核准」: what is decided on, as the sentence names it.
                m = next((x for x in (_DECIDED_ON_OBJECT.match(text), _DECIDED_ON_RECEIVED.search(c.sentence),
                                      _DECIDED_ON_NEED.match(text), _DECIDED_ON_TOPIC.match(text)) if x), None)
                if m and not find_holder_clause(m.group("x")):
                    c.matter, c.verb, changed = m.group("x"), "审批", True
        if changed and any(o.unit is c.unit and o.matter == c.matter and [h.name for h in o.leads] == [h.name for h in c.leads]
               for o in out):
            continue
        out.append(c)
    return out


def _previous_violation(previous: str) -> str:
    """「对X进行侮辱…，构成犯罪的，依法追究刑事责任；尚未构成犯罪的，由A处罚」: the violation is the sentence before
    without its own consequence (the criminal-law clause, 「依法赔偿」) and without the closing 的."""
    text = previous.strip("。；; ")
    text = _rx(r"[，,](?:(?:情节严重|造成[^，,]{0,12})[，,]?)?(?:构成犯罪|涉嫌犯罪)的[，,].*$").sub("", text)
    text = _rx(r"[，,](?:依法)?(?:承担|赔偿)[^，,]*$").sub("", text)
    text = _rx(r"^[^，,]{0,20}?违反(?:本(?:条例|办法|规定)|前款|本条)(?:第[^，,]*?)?规定[，,](?=.{4})").sub("", text)
    return text.removesuffix("的") or previous.strip("。；; ")


# A sentence that opens with a duty verb and names no holder: its subject is elided (「…；批准本级预算…」).
_ELIDED_START = re.compile(r"^(?:并|还|同时|另外)?(?:负责|承担|组织|审查|审议|批准|审批|监督|改变|撤销|制定|编制|拟定|指导|"
                           r"协调|督促|统筹|建立|建立健全|开展|做好|落实|推进|受理|核发|查处|决定|听取)")


def _topic(sentences: list[str]) -> str:
    """「一、违法建设查处。由A牵头…」「餐饮油烟污染。A负责…」: a short first sentence naming a matter, no predicate."""
    if len(sentences) < 2:
        return ""
    first = ITEM_MARK.sub("", sentences[0]).strip().rstrip("。.")
    if not 2 <= len(first) <= 30 or _rx(r"[，,：:；;]").search(first) or find_holder_clause(first) \
            or _heading_subject(first + "。") or _rx(r"^第[零〇一二三四五六七八九十百千0-9]+[条章节]").match(first):
        return ""
    return first


# 「牵头单位：A；配合单位：B、C」「A为牵头单位，B、C为配合单位」: the lead and the cooperating named as roles.
_ROLE_LEAD = r"(?:牵头|主责|主办|责任|主体责任)(?:单位|部门)"
_ROLE_COOP = r"(?:配合|协办|协助|参与|配合责任)(?:单位|部门)"


def _designated_units(piece: str, topic: str, unit: TextUnit) -> list[Clause]:
    rest = ITEM_MARK.sub("", piece).strip()
    rest = rest[rest.find(topic) + len(topic):] if topic in rest else rest
    lead = _rx(rf"{_ROLE_LEAD}[：:]\s*(?P<x>[^；;。\n]+)").search(rest)
    coop = _rx(rf"{_ROLE_COOP}[：:]\s*(?P<x>[^；;。\n]+)").search(rest)
    lead_np = lead.group("x") if lead else ""
    coop_np = coop.group("x") if coop else ""
    if not lead:
        m = _rx(rf"(?:^|[。；;，,])(?P<x>[^。；;，,]{{2,80}}?)为{_ROLE_LEAD}").search(rest)
        lead_np = m.group("x") if m else ""
        m = _rx(rf"[。；;，,](?P<x>[^。；;，,]{{2,80}}?)为{_ROLE_COOP}").search(rest)
        coop_np = m.group("x") if m else ""
    if not lead_np:
        return []
    leads, generic = split_holders(lead_np.strip("，, "))
    cooperating = split_holders(coop_np.strip("，, "))[0] if coop_np else []
    if not leads and not generic:
        return []
    return [Clause(unit, piece, topic, leads, cooperating, "牵头", "", _level(leads or cooperating), False,
                   generic and not leads)]


_ESCALATED = _rx(rf"^(?P<k>[^，,。；]{{2,40}}的[，,])(?:应当|可以|应)?(?:报|报请|提请|移交)(?P<np>[^，,。；]{{0,40}}?(?:{_ORGAN}))"
                 r"(?:依法)?(?:处理|调处|裁决|处置|协调解决|决定|审理)[。；;]?$")


def _elided_matters(found: list[Clause], topic: str, earlier: list[Clause]) -> None:
    """A matter left to the clause before: 「X由A负责劝导，B负责查处」 (B: X), 「……，由A查处；涉及消防安全的，由B
    负责」 (B: the same X, under its condition), 「X。A负责牵头查处，…」 (the item's topic)."""
    before = earlier[-1].matter if earlier else topic
    for c in found:
        act_only = bool(_ACT_ONLY.fullmatch(c.matter) or VERB_ONLY.match(c.matter))
        if before and not c.condition and _rx(r"^在[^，,]{2,30}(?:以外|以内|范围内|内|外|时|期间)$").match(c.matter):
            c.condition, act_only = c.matter, True  # 「在集贸市场以外的，由B查处」: the same matter elsewhere
        restates_condition = bool(c.condition) and c.matter == c.condition.removesuffix("的") and _rx(r"^(?:涉及|属于|需要|发现)").match(c.condition)
        if (act_only or restates_condition) and (before or topic):
            c.matter = before or topic
        before = c.matter


def _sentences(text: str, kind: str) -> list[str]:
    parts = [p for p in _rx(r"(?<=[。；;！？])").split(text) if p.strip()]
    if kind == "sanding":
        return parts
    return parts


def _inline_items(text: str) -> list[str]:
    """A 三定 line that holds 「(一)…(二)…」 inline → one piece per item (and the text before them)."""
    marks = list(INLINE_ITEM.finditer(text))
    if len(marks) < 2:
        return [text]
    pieces = [text[: marks[0].start()]] if marks[0].start() else []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        pieces.append(text[m.start(): end])
    return [p for p in pieces if p.strip()]


def read_clauses(path: Path) -> list[Clause]:
    """Every clause of one corpus file (law/local regulation .md, notice or 三定 .txt)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    return read_text_clauses(text, kind_of(path))


def read_unit(text: str, subject: str = "", kind: str = "notice") -> list[Clause]:
    """The clauses of one unit read on its own, with the body it is about (an enumeration's subject).

    例: read_unit("要积极配合各有关职能部门查处取缔无证无照经营行为", subject="乡(镇)政府、街道办事处")
    """
    unit = TextUnit("", text, 0)
    ctx = _Context(subject=subject, in_list=bool(subject))
    out: list[Clause] = []
    for sentence in _sentences(text, kind):
        found = _assists_the_clause_before(read_sentence(sentence, unit, ctx), out)
        out.extend(found)
        out.extend(c for c in _approvals(sentence, unit, ctx)
                   if not any(c.matter == o.matter and c.leads == o.leads for o in found))
    return out
