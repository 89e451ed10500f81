"""The agreement-type vocabulary: every published 合作型態 string is a concept with labels in three
languages and a broad category (agreement_types.tsv); its instrument form and themes are derived from
the words it contains, by the terms of concepts.tsv."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from convert import paths
from convert.problems import Problem, raise_if_any
from convert.read.tables import read_table

SCHEMES = ("category", "form", "theme", "region", "reading-kind", "certainty", "change-kind")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True)
class AgreementType:
    """One published type string. Columns of agreement_types.tsv, in order."""

    published: str
    id: str
    en: str
    ja: str
    category: str


@dataclass(frozen=True)
class Concept:
    """A concept of a small scheme (category, form, theme, region). Columns of concepts.tsv, in order."""

    scheme: str
    id: str
    zh: str
    en: str
    ja: str
    terms: str
    definition: str
    definition_zh: str
    definition_ja: str

    @property
    def term_list(self) -> tuple[str, ...]:
        return tuple(self.terms.split())


@dataclass(frozen=True)
class Vocabulary:
    types: dict[str, AgreementType]  # by published string
    concepts: dict[tuple[str, str], Concept]  # by (scheme, id)

    def scheme(self, name: str) -> list[Concept]:
        return [c for (s, _), c in sorted(self.concepts.items()) if s == name]

    def form(self, published: str) -> Concept | None:
        """The instrument form a type ends with (longest matching term): 交流協定備忘錄 is a memorandum."""
        best: tuple[int, Concept] | None = None
        for concept in self.scheme("form"):
            for term in concept.term_list:
                if published.endswith(term) and (best is None or len(term) > best[0]):
                    best = (len(term), concept)
        return best[1] if best else None

    def themes(self, published: str) -> list[Concept]:
        return [c for c in self.scheme("theme") if any(t in published for t in c.term_list)]

    def region_by_name(self, name: str) -> Concept:
        return next(c for c in self.scheme("region") if c.zh == name)


def vocabulary_problems(types: list[AgreementType], concepts: list[Concept]) -> list[Problem]:
    out: list[Problem] = []
    keys = {(c.scheme, c.id) for c in concepts}
    for c in concepts:
        where = f"concept {c.scheme}/{c.id}"
        if c.scheme not in SCHEMES:
            out.append(Problem(where, f"unknown scheme {c.scheme!r} (known: {', '.join(SCHEMES)})"))
        if not SLUG.fullmatch(c.id):
            out.append(Problem(where, "id must be lower-case words joined by hyphens"))
        if not (c.zh and c.en and c.ja):
            out.append(Problem(where, "needs zh, en and ja labels"))
        if not (c.definition and c.definition_zh and c.definition_ja):
            out.append(Problem(where, "needs a definition in English, Chinese (definition_zh) and Japanese"))
    ids: dict[str, str] = {}
    for t in types:
        where = f"agreement type {t.published!r}"
        if not SLUG.fullmatch(t.id):
            out.append(Problem(where, f"id {t.id!r} must be lower-case words joined by hyphens"))
        if t.id in ids:
            out.append(Problem(where, f"id {t.id!r} is already used by {ids[t.id]!r}"))
        ids[t.id] = t.published
        if not (t.en and t.ja):
            out.append(Problem(where, "needs en and ja labels"))
        if ("category", t.category) not in keys:
            out.append(Problem(where, f"category {t.category!r} is not a category of concepts.tsv"))
    return out


def load_vocabulary(data: Path | None = None) -> Vocabulary:
    data = data or paths.DATA
    types = read_table(data / paths.AGREEMENT_TYPES.name, AgreementType)
    concepts = read_table(data / paths.CONCEPTS.name, Concept)
    raise_if_any("agreement types and concepts", vocabulary_problems(types, concepts))
    return Vocabulary({t.published: t for t in types}, {(c.scheme, c.id): c for c in concepts})
