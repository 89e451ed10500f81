"""The curated gazetteer: the Taiwanese and Japanese localities the list needs, with their facts.

Every fact comes from ../shared/reference/ (the `source` column says from where); the checks here
guard the table's integrity: codes and their check digits, QID syntax, parent links, kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from convert import paths
from convert.problems import Problem, raise_if_any
from convert.read.tables import read_table

TAIWAN = "TW"
JAPAN = "JP"

# kind -> (country, kinds its parent may have; () for a top-level unit)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "special-municipality": (TAIWAN, ()),
    "county": (TAIWAN, ()),
    "provincial-city": (TAIWAN, ()),
    "county-administered-city": (TAIWAN, ("county",)),
    "urban-township": (TAIWAN, ("county",)),
    "rural-township": (TAIWAN, ("county",)),
    "mountain-indigenous-township": (TAIWAN, ("county",)),
    "district": (TAIWAN, ("special-municipality", "provincial-city")),
    "mountain-indigenous-district": (TAIWAN, ("special-municipality",)),
    "prefecture": (JAPAN, ()),
    "city": (JAPAN, ("prefecture",)),
    "town": (JAPAN, ("prefecture",)),
    "village": (JAPAN, ("prefecture",)),
    "group": (JAPAN, ()),
}
REGIONS = ("北部", "中部", "南部", "東部", "離島")
CONFIDENCES = ("two-sources", "one-wikidata-derived", "none")
# how a Wikidata item was tied to a locality: "code", the item's official-code property (Japan P429, Taiwan P5020)
# holds the locality's official code; "name", the item was found by the locality's name (a Wikidata-derived
# lexicon), cross-checked by concordances where the confidence says two sources. Only a code match is an identity
# claimed with owl:sameAs; a name match is the weaker schema:sameAs (see convert.rdf.graph).
MATCHES = ("code", "name")
QID = re.compile(r"Q[1-9][0-9]*")
DECIMAL = re.compile(r"-?[0-9]{1,3}\.[0-9]+")
ID = re.compile(r"(tw|jp)-([0-9]{5}|[0-9]{6}|[0-9]{8}|group-[a-z0-9-]+)")


@dataclass(frozen=True)
class Locality:
    """One local government (or group of them). Columns of gazetteer.tsv, in order."""

    id: str
    country: str
    kind: str
    name: str
    english: str
    parent: str
    code: str
    qid: str
    qid_confidence: str
    qid_match: str  # how the item was matched: by official code (MATCHES), by name; empty without a QID
    lat: str
    lon: str
    region: str
    members: str
    source: str  # the curator's note: where each fact was found and how it was checked
    citation: str  # the sources in words a reader of the release can follow (published as dcterms:source)

    @property
    def member_ids(self) -> tuple[str, ...]:
        return tuple(self.members.split()) if self.members else ()

    @property
    def is_group(self) -> bool:
        return self.kind == "group"


def japanese_check_digit(code5: str) -> str:
    """Check digit of a Japanese local government code (全国地方公共団体コード) from its first 5 digits."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


class Gazetteer:
    def __init__(self, localities: list[Locality]):
        self.localities = sorted(localities, key=lambda loc: loc.id)
        self.by_id = {loc.id: loc for loc in self.localities}

    def __getitem__(self, locality_id: str) -> Locality:
        return self.by_id[locality_id]

    def __contains__(self, locality_id: str) -> bool:
        return locality_id in self.by_id

    def parent(self, loc: Locality) -> Locality | None:
        return self.by_id.get(loc.parent) if loc.parent else None

    def children(self, loc: Locality) -> list[Locality]:
        return self._children.get(loc.id, [])

    @cached_property
    def _children(self) -> dict[str, list[Locality]]:
        out: dict[str, list[Locality]] = {}
        for loc in self.localities:
            if loc.parent:
                out.setdefault(loc.parent, []).append(loc)
        return out

    def full_name(self, loc: Locality) -> str:
        """Japanese municipalities with their prefecture (神奈川県横浜市); Taiwanese names are already full."""
        parent = self.parent(loc)
        if loc.country == JAPAN and parent is not None:
            return parent.name + loc.name
        return loc.name

    def problems(self) -> list[Problem]:
        return [p for loc in self.localities for p in check_locality(loc, self)]


def check_locality(loc: Locality, gaz: Gazetteer) -> list[Problem]:
    """Every integrity problem of one gazetteer row."""
    where = f"gazetteer {loc.id}"
    out: list[Problem] = []

    def bad(message: str) -> None:
        out.append(Problem(where, message))

    if not ID.fullmatch(loc.id):
        bad("id must be tw-<code>, jp-<code> or jp-group-<slug>")
    if loc.kind not in KINDS:
        bad(f"unknown kind {loc.kind!r} (known: {', '.join(KINDS)})")
        return out
    country, parent_kinds = KINDS[loc.kind]
    if loc.country != country:
        bad(f"kind {loc.kind} belongs to country {country}, not {loc.country!r}")
    if not loc.name:
        bad("name is empty")
    if not loc.english:
        bad("English name is empty (a group without an official one: the project's translation, said in the citation)")
    # official code
    if loc.is_group:
        if loc.code:
            bad("a group has no official code")
        if len(loc.member_ids) < 2:
            bad("a group needs at least two members")
        for m in loc.member_ids:
            if m not in gaz or gaz[m].is_group:
                bad(f"member {m!r} is not a locality of the gazetteer")
    else:
        if loc.members:
            bad("only a group has members")
        if loc.id != f"{loc.country.lower()}-{loc.code}":
            bad(f"id must be derived from the official code: {loc.country.lower()}-{loc.code}")
        if loc.country == JAPAN:
            if not re.fullmatch(r"[0-9]{6}", loc.code):
                bad(f"Japanese code {loc.code!r} must have 6 digits")
            elif japanese_check_digit(loc.code[:5]) != loc.code[5]:
                bad(f"Japanese code {loc.code} has a wrong check digit (expected {japanese_check_digit(loc.code[:5])})")
        else:
            want = 5 if not parent_kinds else 8
            if not re.fullmatch(rf"[0-9]{{{want}}}", loc.code):
                bad(f"Taiwanese {loc.kind} code {loc.code!r} must have {want} digits")
    # parent
    if parent_kinds:
        parent = gaz.parent(loc)
        if parent is None:
            bad(f"parent {loc.parent!r} is not in the gazetteer")
        elif parent.kind not in parent_kinds:
            bad(f"parent {parent.id} is a {parent.kind}; a {loc.kind} belongs to a {' or '.join(parent_kinds)}")
        elif loc.country == TAIWAN and not loc.code.startswith(parent.code):
            bad(f"code {loc.code} does not extend its parent's code {parent.code}")
        elif loc.country == JAPAN and loc.code[:2] != parent.code[:2]:
            bad(f"code {loc.code} is not in its prefecture's range {parent.code[:2]}xxxx")
    elif loc.parent:
        bad(f"a {loc.kind} has no parent")
    # Wikidata link
    if loc.qid_confidence not in CONFIDENCES:
        bad(f"qid_confidence {loc.qid_confidence!r} is not one of {', '.join(CONFIDENCES)}")
    if loc.qid and not QID.fullmatch(loc.qid):
        bad(f"{loc.qid!r} is not a Wikidata QID (Q followed by digits)")
    if bool(loc.qid) != (loc.qid_confidence != "none"):
        bad("a QID needs a confidence other than 'none', and confidence 'none' means no QID")
    if loc.qid and loc.qid_match not in MATCHES:
        bad(f"qid_match {loc.qid_match!r} must say how the QID was matched: {' or '.join(MATCHES)}")
    if not loc.qid and loc.qid_match:
        bad("qid_match is given without a QID")
    if not loc.source:
        bad("source is empty: every row says where its facts come from")
    if not loc.citation:
        bad("citation is empty: every row cites its sources in words a reader can follow")
    elif "shared/" in loc.citation or ".csv" in loc.citation:
        bad("citation names a file of this repository's reference folder: cite the public sources in words")
    # coordinates
    if bool(loc.lat) != bool(loc.lon):
        bad("give both latitude and longitude, or neither")
    for axis, value, limit in (("lat", loc.lat, 90), ("lon", loc.lon, 180)):
        if value and (not DECIMAL.fullmatch(value) or abs(float(value)) > limit):
            bad(f"{axis} {value!r} is not a decimal degree")
    # region
    if loc.country == TAIWAN:
        if loc.region not in REGIONS:
            bad(f"region {loc.region!r} is not one of {', '.join(REGIONS)}")
        parent = gaz.parent(loc)
        if parent is not None and parent.region != loc.region:
            bad(f"region {loc.region} differs from its parent's ({parent.region})")
    elif loc.region:
        bad("only Taiwanese localities have a region")
    return out


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    path = path or paths.GAZETTEER
    localities = read_table(path, Locality)
    gaz = Gazetteer(localities)
    problems = gaz.problems()
    seen: set[str] = set()
    slugs: dict[str, str] = {}
    for loc in localities:
        if loc.id in seen:
            problems.append(Problem(f"gazetteer {loc.id}", "id appears twice"))
        seen.add(loc.id)
        if loc.is_group:  # a group's IRI is group/SLUG, whatever its country: the slug must be unique
            slug = loc.id.partition("-group-")[2]
            if slug in slugs:
                problems.append(Problem(f"gazetteer {loc.id}", f"group slug {slug!r} is already used by {slugs[slug]}"))
            slugs[slug] = loc.id
    raise_if_any(path.name, problems)
    return gaz
