"""The quality report: every place where the published text differs from the official record.

A feature for users, not a log: for each row and party, the text as published, how it is read,
why, and how certain that reading is."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import astuple, dataclass, fields

from convert.read.gazetteer import JAPAN, TAIWAN, Gazetteer
from convert.read.parse import PublishedList
from convert.read.resolve import Agreement, Party

CHARACTER_FORMS = "character-forms"
T2JP_REASON = (
    "Traditional Chinese character forms of a Japanese name, written as the official Japanese forms "
    "(OpenCC t2jp, e.g. 縣→県, 濱→浜)"
)
T2JP_REASON_ZH = "日本名稱以繁體字形書寫，讀作日本的正式字形（OpenCC t2jp，如 縣→県、濱→浜）"
T2JP_REASON_JA = (
    "日本の名称が繁体字の字形で書かれているため、日本の正式な字体として読む（OpenCC t2jp、例：縣→県、濱→浜）"
)


@dataclass(frozen=True)
class Difference:
    row: int
    country: str
    published: str
    reading: str
    localities: str
    kind: str
    certainty: str
    reason: str
    reason_zh: str = ""
    reason_ja: str = ""

    def reasons(self) -> list[tuple[str, str]]:
        """(language, reason) for every language the reason is given in."""
        return [("en", self.reason), ("zh-hant", self.reason_zh), ("ja", self.reason_ja)]


def party_difference(row: int, country: str, party: Party, gaz: Gazetteer) -> Difference | None:
    official = "・".join(gaz.full_name(gaz[i]) for i in party.locality_ids)
    ids = " ".join(party.locality_ids)
    if party.reading is not None:
        r = party.reading
        return Difference(
            row, country, party.published, official, ids, r.kind, r.certainty, r.reason, r.reason_zh, r.reason_ja
        )
    if official == party.published:
        return None
    if country == TAIWAN:
        rules = party.character_rules
        reasons = [
            " ".join(f"{rule.variant}→{rule.official}: {getattr(rule, field)}" for rule in rules)
            for field in ("reason", "reason_zh", "reason_ja")
        ]
    else:
        reasons = [T2JP_REASON, T2JP_REASON_ZH, T2JP_REASON_JA]
    return Difference(row, country, party.published, official, ids, CHARACTER_FORMS, "certain", *reasons)


def differences(agreements: list[Agreement], gaz: Gazetteer) -> list[Difference]:
    out = []
    for a in agreements:
        for country, party in ((TAIWAN, a.taiwan), (JAPAN, a.japan)):
            d = party_difference(a.row.number, country, party, gaz)
            if d is not None:
                out.append(d)
    return out


def report_csv(diffs: list[Difference]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([f.name for f in fields(Difference)])
    for d in diffs:
        writer.writerow(astuple(d))
    return buf.getvalue()


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def report_markdown(diffs: list[Difference], published: PublishedList, source_name: str) -> str:
    readings = [d for d in diffs if d.kind != CHARACTER_FORMS]
    forms = [d for d in diffs if d.kind == CHARACTER_FORMS]
    kinds = Counter(d.kind for d in readings)
    certainty = Counter(d.certainty for d in readings)
    lines = [
        "# Quality report: the published list and the official record",
        "",
        f"Source: `{source_name}` ({len(published.rows)} rows). This report lists every party cell whose "
        "text differs from the official name of the local government(s) it stands for, and how twjp reads it. "
        "The same table, with locality identifiers, is in `quality-report.csv`.",
        "",
        f"- {len(readings)} cells read other than literally "
        f"({certainty.get('certain', 0)} certain, {certainty.get('inferred', 0)} inferred): "
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())),
        f"- {len(forms)} cells differ only in character forms (read literally after normalisation)",
        "",
        "## Readings",
        "",
        "| row | country | as published | read as | kind | certainty | reason |",
        "|---:|---|---|---|---|---|---|",
    ]
    for d in readings:
        lines.append(
            f"| {d.row} | {d.country} | {_cell(d.published)} | {_cell(d.reading)} | {d.kind} | {d.certainty} "
            f"| {_cell(d.reason)} |"
        )
    lines += [
        "",
        "## Character forms",
        "",
        "Japanese cells are written in Traditional Chinese forms (縣, 濱, 廣…); Taiwanese cells use common variants "
        "(台 for 臺, Japanese 郷 for 鄉). These are certain, mechanical readings.",
        "",
        "| row | country | as published | official name |",
        "|---:|---|---|---|",
    ]
    for d in forms:
        lines.append(f"| {d.row} | {d.country} | {_cell(d.published)} | {_cell(d.reading)} |")
    if published.notes:
        lines += ["", "## Notes of the published list", ""]
        for note in published.notes:
            lines.append(f"- 【{note.label}】 {note.text}")
    return "\n".join(lines) + "\n"
