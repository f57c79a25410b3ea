"""Time limits as lists write them (「2个工作日」「24小时」「即时办结」), read into a due time.

例: due_at("2025-03-03T09:00", "2个工作日") → "2025-03-05T09:00"
    due_at("2025-03-07T16:00", "1个工作日")  → "2025-03-10T16:00" (Saturday and Sunday skipped)
    parse_limit("及时") → None: a limit without a number sets no deadline and nothing is judged late.

Working days skip Saturdays and Sundays only; public holidays and 调休 are not known here, so a
deadline over a holiday comes out earlier than the official one (a call may be judged late that
was not). The limit text is always shown beside the verdict.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_LIMIT = re.compile(r"(\d+|[一二两三四五六七八九十]{1,3})\s*个?\s*(工作日|自然日|日|天|小时|个?月)")
_IMMEDIATE = re.compile(r"即时|即办|当场|立即|马上")


@dataclass(frozen=True)
class Limit:
    amount: int
    unit: str        # working_days / days / hours / months
    text: str


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _NUMERALS.get(text[1:], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _NUMERALS.get(tens, 0) * 10 + (_NUMERALS.get(ones, 0) if ones else 0)
    return _NUMERALS.get(text, 0)


def parse_limit(text: str | None) -> Limit | None:
    """The first time limit in ``text``, or None when it states none (及时、法规未规定、空)."""
    text = (text or "").strip()
    if not text:
        return None
    m = _LIMIT.search(text)
    if m:
        unit = {"工作日": "working_days", "小时": "hours"}.get(m.group(2)) or (
            "months" if m.group(2).endswith("月") else "days")
        amount = _number(m.group(1))
        return Limit(amount, unit, text) if amount > 0 else None
    if _IMMEDIATE.search(text):
        return Limit(0, "hours", text)
    return None


def parse_time(text: str | None) -> datetime | None:
    """ISO date or date-time (「2025-03-01」「2025-03-01 09:30」「2025/3/1」), or None."""
    text = (text or "").strip().replace("/", "-")
    if not text:
        return None
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?", text)
    if not m:
        return None
    y, mo, d, h, mi, sec = (int(g) if g else 0 for g in m.groups())
    try:
        return datetime(y, mo, d, h, mi, sec)
    except ValueError:
        return None


def _add_working_days(start: datetime, days: int) -> datetime:
    current = start
    added = 0
    while added < days:
        current += timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current


def due_at(start: str | None, limit_text: str | None) -> str:
    """The deadline as ISO text, or "" when the start or the limit cannot be read."""
    began = parse_time(start)
    limit = parse_limit(limit_text)
    if began is None or limit is None:
        return ""
    if limit.unit == "working_days":
        due = _add_working_days(began, limit.amount)
    elif limit.unit == "hours":
        due = began + timedelta(hours=limit.amount)
    elif limit.unit == "months":
        due = began + timedelta(days=30 * limit.amount)
    else:
        due = began + timedelta(days=limit.amount)
    return due.isoformat(timespec="minutes")


def is_late(due: str | None, done: str | None, now: datetime | None = None) -> bool | None:
    """True when ``done`` (or, not done yet, ``now``) is after ``due``; None when there is no deadline."""
    deadline = parse_time(due)
    if deadline is None:
        return None
    finished = parse_time(done) if done else (now or datetime.now())
    if finished is None:
        return None
    if len((due or "").strip()) <= 10:   # a date alone: the whole day counts
        deadline = datetime.combine(deadline.date(), datetime.max.time())
    return finished > deadline
