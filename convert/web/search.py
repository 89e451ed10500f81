"""The search index (search-index.json) that static/site.js searches in the browser, with no server: every local
government, group, agreement and concept with its names in the three languages, its other names and codes, and
its kind (local governments and groups are listed first). The character variants the list uses (臺/台, 縣/県…)
come with it, so that a name typed either way matches; site.js folds case, width and diacritics (Chōshi = choshi),
drops the words that name a kind of body (Yokohama City = Yokohama) and forgives a typo or two."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from convert.rdf.terms import SKOS, TWJP
from convert.read.readings import load_characters
from convert.web.languages import HTML_LANG
from convert.web.routes import document

if TYPE_CHECKING:
    from convert.web.site import Builder

KINDS = (
    ("locality", TWJP.LocalGovernment),
    ("group", TWJP.LocalGovernmentGroup),
    ("agreement", TWJP.Agreement),
    ("concept", SKOS.Concept),
)
# words that name the kind of a body, dropped from names and queries alike ("Yokohama City" finds 横浜市)
KIND_WORDS = (
    "city", "county", "prefecture", "township", "district", "town", "village", "metropolis", "ward",
    "special", "municipality", "rural", "urban", "mountain", "indigenous",
    "市", "縣", "県", "町", "村", "鄉", "郷", "鎮", "區", "区", "府", "都", "道",
)  # fmt: skip


def search_index(b: Builder) -> bytes:
    variants = {rule.variant: rule.official for rule in load_characters()}
    entries = []
    g = b.graph
    for n in g.minted():
        types = g.types(n)
        kind = next((k for k, cls in KINDS if cls in types), None)
        if kind is None:
            continue
        also = sorted(
            {t.object.value for t in g.by_subject[n] if t.predicate in (SKOS.altLabel, TWJP.officialCode)}
            | {t.object.value for t in g.by_subject[n] if t.predicate.value.endswith("#label")}
        )
        entries.append(
            {
                "url": document(n.value[len(b.base) :], "html"),
                "kind": kind,
                **{HTML_LANG[k]: v for k, v in g.label(n).items()},
                "also": also,
            }
        )
    index = {"variants": variants, "kind_words": list(KIND_WORDS), "entries": entries}
    return (json.dumps(index, ensure_ascii=False, sort_keys=True) + "\n").encode()
