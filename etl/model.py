"""The parsed-report record: the JSON contract of `spec/metrics.md` §1, one typed model."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Level = Literal["central", "province", "city", "county", "township", "unknown"]
Format = Literal["pre2019", "2019", "2021"]
Status = Literal["ok", "fail", "incomplete"]

SECTORS = (
    "government",
    "education",
    "public_security",
    "health",
    "natural_resources",
    "housing",
    "ecology",
    "market_regulation",
    "human_resources",
    "civil_affairs",
    "finance",
    "transport",
    "agriculture",
    "water",
    "culture",
    "statistics",
    "development_reform",
    "petition",
    "audit",
    "justice",
    "emergency",
    "science_technology",
    "industry_it",
    "commerce",
    "urban_management",
    "ethnic_religious",
    "veterans",
    "medical_insurance",
    "government_services",
    "other",
)
# The founding spec's list (metrics.md §1) ends at `petition`; the sectors after it are this project's
# extension (docs/decisions/sector-list.md), which the spec's labels count as `other`.
SPEC_SECTORS = SECTORS[: SECTORS.index("petition") + 1] + ("other",)


def as_spec_sector(sector: str | None) -> str | None:
    """A sector as the founding spec's list names it: an extension sector is `other` there."""
    return sector if sector is None or sector in SPEC_SECTORS else "other"


class Source(BaseModel):
    path: str
    sha256: str
    part: int = 0
    parts: int = 1


class Region(BaseModel):
    province: str | None = None
    city: str | None = None
    county: str | None = None
    code: str | None = None  # 6-digit GB/T 2260 code of the most specific division down to the county
    township: str | None = None  # 乡级: 镇, 乡, 街道, 苏木 (official name), when the agency names one
    township_code: str | None = None  # 9-digit code of the township (民政部)


class Span(BaseModel):
    start: int
    end: int
    text: str
    page: int | None = None
    origin: str | None = None  # prose | appendix (facts.origin); None: a standard table cell


_SPAN_FIELDS = frozenset(Span.model_fields)
_new, _set = object.__new__, object.__setattr__


def trusted_span(start: int, end: int, text: str, page: int | None = None, origin: str | None = None) -> Span:
    """A Span from values the parser made itself, without validation: what `Span.model_construct`
    gives (tests/test_model.py checks it), four times faster. A statistics sheet has ~140 cells a row."""
    span = _new(Span)
    _set(span, "__dict__", {"start": start, "end": end, "text": text, "page": page, "origin": origin})
    _set(span, "__pydantic_fields_set__", set(_SPAN_FIELDS))
    _set(span, "__pydantic_extra__", None)
    _set(span, "__pydantic_private__", None)
    return span


class Problem(BaseModel):
    text: str
    categories: list[str] = Field(default_factory=list)
    cues: dict[str, list[str]] = Field(default_factory=dict)  # category -> cue phrases that decided it
    start: int | None = None
    end: int | None = None


class Check(BaseModel):
    rule: str
    scope: str
    status: Status
    detail: str = ""


class Report(BaseModel):
    source: Source
    agency: str | None = None
    region: Region = Field(default_factory=Region)
    level: Level | None = None
    sector: str | None = None
    year: int | None = None
    format: Format | None = None
    values: dict[str, float | int | None] = Field(default_factory=dict)
    evidence: dict[str, Span] = Field(default_factory=dict)
    problems: list[Problem] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    error: str | None = None
    # Beyond the §1 contract: identity and quality details the store and dashboard use.
    title: str | None = None
    doc_type: Literal["annual_report", "statistics", "other"] | None = None  # statistics: a row of a CSV/XLSX
    published: str | None = None  # ISO date stated in the report
    improvements: list[Problem] = Field(default_factory=list)
    # What the report covers: the organ itself, or a jurisdiction's aggregate of all its organs
    # ("汇总…各县（市、区）、市政府各部门…"); aggregates never add into organ sums or rankings.
    scope: Literal["organ", "aggregate"] | None = None
    scope_evidence: str | None = None  # the sentence that made it an aggregate
    doc_reason: str | None = None  # why doc_type is 'other' (notice, work summary, self-inspection, news)
    source_url: str | None = None  # the page's own address when the document states it (原始链接, canonical)
    # field → {value, source, start, end, score}: every identity field with the evidence that decided it
    identity_evidence: dict[str, dict] = Field(default_factory=dict)
    text: str | None = Field(default=None, exclude=True)  # the normalised text spans point into
    encoding: str | None = Field(default=None, exclude=True)  # of the source file, as detected
    source_kind: str | None = Field(default=None, exclude=True)  # txt, html, pdf, docx, xlsx, csv
    # Table 2 rows whose digits ran together with several possible splits: row prefix → candidate
    # splits (column → (value, start, end)); the build settles them against the adjacent year (X6).
    table_candidates: dict[str, list[dict[str, tuple[float, int, int]]]] = Field(
        default_factory=dict, exclude=True
    )

    def to_json(self) -> str:
        return self.model_dump_json()
