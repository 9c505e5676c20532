"""The scope rules of scripts/dates_in_scope.py (docs/dates.md, "Scope on Recognizers-Text's date
suite"), on entities written in the project's own words."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "dates_in_scope.py"
_spec = importlib.util.spec_from_file_location("dates_in_scope", _SCRIPT)
scope = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scope)

RULES = [
    pytest.param("datetime", "Monday at 9:30", "clock time", id="clock-kind"),
    pytest.param("date", "Friday 4pm", "clock time", id="clock-words"),
    pytest.param("set", "every Tuesday", "frequency", id="frequency"),
    pytest.param("duration", "for six weeks", "duration the suite does not count", id="duration"),
    pytest.param("daterange", "nineteen eighty four", "spelled-out year", id="spelled-year"),
    pytest.param("daterange", "the 60s", "decade without century", id="bare-decade"),
    pytest.param("date", "ten days after March 3", "date arithmetic", id="arithmetic-after"),
    pytest.param("date", "1 year 2 months ago", "date arithmetic", id="compound-duration"),
    pytest.param("date", "the day after tomorrow", "date arithmetic", id="day-after"),
    pytest.param("date", "for 5 days, from Monday", "date arithmetic", id="duration-from-date"),
    pytest.param("daterange", "next 3 business days", "business days", id="business-days"),
    pytest.param("daterange", "week 12", "week by number or position", id="week-number"),
    pytest.param("daterange", "the second week of May", "week by number or position", id="week-position"),
    pytest.param("daterange", "this weekend", "weekend, rest of a period, year to date, school year", id="weekend"),
    pytest.param("daterange", "rest of the month", "weekend, rest of a period, year to date, school year", id="rest-of"),
    pytest.param("date", "Jun3", "fused or chat form", id="fused"),
    pytest.param("daterange", "Nov/2019", "fused or chat form", id="month-slash"),
    pytest.param("date", "labor day", "holiday outside the table", id="other-holiday"),
]


@pytest.mark.parametrize("kind,surface,rule", RULES)
def test_left_out(kind: str, surface: str, rule: str) -> None:
    assert scope.out_of_scope_rule({"kind": kind, "surface": surface}) == rule


IN_SCOPE = [
    pytest.param("date", "March 3, 2024", id="full-date"),
    pytest.param("date", "4.22", id="dotted-day-month"),
    pytest.param("date", "2 days ago", id="ago"),
    pytest.param("date", "next week on Friday", id="weekday-of-next-week"),
    pytest.param("daterange", "from today till Friday", id="range-from-today"),
    pytest.param("daterange", "the 1990s", id="decade-with-century"),
    pytest.param("daterange", "within 9 months", id="within"),
    pytest.param("date", "Christmas", id="holiday-of-the-table"),
]


@pytest.mark.parametrize("kind,surface", IN_SCOPE)
def test_in_scope(kind: str, surface: str) -> None:
    assert scope.out_of_scope_rule({"kind": kind, "surface": surface}) is None
