"""Reconcile the gazetteer with Wikidata: look every locality up by its official code.

Japan's local government code is Wikidata's P429, Taiwan's Ministry of the Interior code is P5020.
The lookup is the query queries/wikidata-localities-by-code.rq, sent to Wikidata's query service
(or a mirror) through SPARQLWrapper. Nothing is written: disagreements are reported, and the items
found for localities that have none are proposed for review, since a QID enters the gazetteer only
from a verified source."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from convert.rdf.terms import WD
from convert.read import JAPAN, TAIWAN, Gazetteer, Locality
from convert.sparql.catalogue import WIKIDATA_SPARQL, catalogue
from convert.sparql.run import ask

LOOKUP_QUERY = "wikidata-localities-by-code"
CODE_PROPERTY = {JAPAN: "P429", TAIWAN: "P5020"}  # P429: Japanese local government code; P5020: Taiwan's MOI code
LABEL_LANGUAGES = ("ja", "zh-tw", "zh-hant", "zh")

# status -> what it means; the order of the report
STATUSES = {
    "different": "Wikidata's item for the code is not the gazetteer's",
    "extra": "Wikidata has the gazetteer's item for the code, and other items too",
    "missing-item": "the gazetteer has an item, but no Wikidata item has this code",
    "proposal": "the gazetteer has no item; Wikidata has one for the code (review it: `twjp link --propose`)",
    "ambiguous": "the gazetteer has no item; Wikidata has several for the code",
    "not-found": "the gazetteer has no item, and no Wikidata item has this code",
    "no-code": "a group without an official code: nothing to look up",
    "agrees": "Wikidata's only item for the code is the gazetteer's",
}
DISAGREEMENTS = ("different", "extra", "missing-item")
# exit codes of `twjp link`, so that a scheduled job can tell a disagreement from a failure to ask
EXIT_DISAGREES = 1
EXIT_UNREACHABLE = 3


@dataclass(frozen=True)
class WikidataItem:
    qid: str
    property: str
    code: str
    label: str


@dataclass(frozen=True)
class Link:
    """The gazetteer's item for a locality next to what Wikidata says for its code."""

    locality: Locality
    status: str
    found: tuple[WikidataItem, ...]
    note: str = ""

    @property
    def property(self) -> str:
        return CODE_PROPERTY[self.locality.country]


@dataclass(frozen=True)
class Reconciliation:
    endpoint: str
    items: int
    links: list[Link]

    def by_status(self, status: str) -> list[Link]:
        return [link for link in self.links if link.status == status]

    @property
    def disagrees(self) -> bool:
        return any(link.status in DISAGREEMENTS for link in self.links)


def fetch_items(endpoint: str = WIKIDATA_SPARQL, timeout: float = 120.0) -> list[WikidataItem]:
    """Every Wikidata item with a P429 or P5020 code, with its label (Japanese, else Chinese)."""
    answer = ask(catalogue()[LOOKUP_QUERY], {}, wikidata_endpoint=endpoint, timeout=timeout)
    labels: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    for prop, code, item, label in answer.rows():
        if item is None or code is None or not item.value.startswith(WD.iri):
            continue
        by_lang = labels[(item.value.removeprefix(WD.iri), prop.value, code.value)]  # every item, labelled or not
        if label is not None and label.language:
            by_lang.setdefault(label.language.lower(), label.value)
    items = []
    for (qid, prop, code), by_lang in sorted(labels.items()):
        label = next((by_lang[lg] for lg in LABEL_LANGUAGES if lg in by_lang), "")
        items.append(WikidataItem(qid, prop, code, label))
    return items


def reconcile(gazetteer: Gazetteer, items: list[WikidataItem], endpoint: str) -> Reconciliation:
    by_code: dict[tuple[str, str], list[WikidataItem]] = defaultdict(list)
    codes_of_item: dict[str, list[str]] = defaultdict(list)
    for it in items:
        by_code[(it.property, it.code)].append(it)
        codes_of_item[it.qid].append(f"{it.property}={it.code}")
    links = []
    for loc in gazetteer.localities:
        if not loc.code:
            links.append(Link(loc, "no-code", ()))
            continue
        found = tuple(by_code.get((CODE_PROPERTY[loc.country], loc.code), ()))
        qids = {it.qid for it in found}
        if loc.qid:
            if not found:
                elsewhere = codes_of_item.get(loc.qid)
                note = f"Wikidata gives {loc.qid} {', '.join(elsewhere)}" if elsewhere else ""
                links.append(Link(loc, "missing-item", found, note))
            elif loc.qid not in qids:
                links.append(Link(loc, "different", found))
            elif len(qids) > 1:
                links.append(Link(loc, "extra", found))
            else:
                links.append(Link(loc, "agrees", found))
        elif not found:
            links.append(Link(loc, "not-found", found))
        else:
            links.append(Link(loc, "proposal" if len(qids) == 1 else "ambiguous", found))
    return Reconciliation(endpoint, len({it.qid for it in items}), links)


def describe_found(found: tuple[WikidataItem, ...]) -> str:
    return ", ".join(f"{it.qid}" + (f" ({it.label})" if it.label else "") for it in found)


def report(rec: Reconciliation, gazetteer: Gazetteer) -> str:
    with_code = sum(1 for loc in gazetteer.localities if loc.code)
    out = [
        f"Wikidata at {rec.endpoint}: {rec.items} items with a P429 or P5020 code",
        f"gazetteer: {len(gazetteer.localities)} localities, {with_code} with an official code",
        "",
    ]
    out += [f"  {status:<13}{len(rec.by_status(status)):>5}  {meaning}" for status, meaning in STATUSES.items()]
    for status in ("different", "extra", "missing-item", "ambiguous", "not-found"):
        links = rec.by_status(status)
        if not links:
            continue
        out += ["", f"{status}: {STATUSES[status]}"]
        for link in links:
            loc = link.locality
            ours = f"gazetteer {loc.qid}" if loc.qid else "gazetteer has none"
            theirs = f"; Wikidata {describe_found(link.found)}" if link.found else ""
            note = f"; {link.note}" if link.note else ""
            out.append(f"  {loc.id}  {gazetteer.full_name(loc)}  {link.property}={loc.code}: {ours}{theirs}{note}")
    return "\n".join(out) + "\n"


def proposals(rec: Reconciliation, gazetteer: Gazetteer, retrieved: str) -> str:
    """The items Wikidata has for localities without one, as a table to review (never written anywhere)."""
    out = [
        "# Wikidata items proposed for localities that have none. Review each one (is it the current unit?),",
        "# then add it to the verified reference and to convert/data/gazetteer.tsv with its source.",
        "id\tname\tcode\tproperty\tqid\twikidata_label\tretrieved",
    ]
    for link in rec.by_status("proposal"):
        loc, it = link.locality, link.found[0]
        out.append(
            f"{loc.id}\t{gazetteer.full_name(loc)}\t{loc.code}\t{it.property}\t{it.qid}\t{it.label}\t"
            f"{retrieved} from {rec.endpoint}"
        )
    return "\n".join(out) + "\n"
