"""The agreements as tables: `agreements.csv` (plain UTF-8 for programs), its CSV on the Web description
(`agreements.csv-metadata.json`, W3C CSVW: every column, its datatype, and for the columns holding IRIs the
property they stand for), and `agreements.xlsx` for people (names and types in Traditional Chinese, Japanese
and English, links to each agreement's page and to Wikidata, a frozen header; deterministic bytes)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Store

from convert.problems import Problem, raise_if_any
from convert.rdf.terms import EN, JA, RDFS, SKOS, ZH, Iris
from convert.read import Edition

WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    datatype: str = "string"  # IRI columns are strings that valueUrl makes IRIs (csvw mangles anyURI templates)
    property: str | None = None  # the property the column stands for (an IRI column), or None
    value_url: str | None = None
    separator: str | None = None
    description: str = ""


TWJP = "https://w3id.org/twjp/ontology#"
COLUMNS = [
    Column("agreement", "Agreement", description="The agreement's IRI (its page and data)."),
    Column("signing_date", "Signing date", "date", TWJP + "signingDate"),
    Column("taiwanese_party", "Taiwanese party", description="The official name(s), joined by ・."),
    Column("taiwanese_party_en", "Taiwanese party (English)"),
    Column("taiwanese_party_id", "Taiwanese party id", separator=" "),
    Column(
        "taiwanese_party_wikidata",
        "Taiwanese party Wikidata item",
        separator=" ",
        description="The Wikidata item of each party that has one (a property of the party, not of the agreement).",
    ),
    Column("japanese_party", "Japanese party", description="The official name(s) with their prefecture."),
    Column("japanese_party_en", "Japanese party (English)"),
    Column("japanese_party_id", "Japanese party id", separator=" "),
    Column(
        "japanese_party_wikidata",
        "Japanese party Wikidata item",
        separator=" ",
        description="The Wikidata item of each party that has one (a property of the party, not of the agreement).",
    ),
    Column("type_published", "Type as published", description="合作型態, exactly as the list writes it."),
    Column("type_en", "Type (English)"),
    Column("type_iri", "Type concept", "string", TWJP + "agreementType", "{+type_iri}"),
    Column("category", "Category", description="sister-city, friendship-city, exchange-agreement, memorandum…"),
    Column("source_row", "Row of the list", "integer", description="The row's number in this edition only."),
]


PARTIES_PER_SIDE = 2  # IRI columns per side: the schema is fixed, whatever an edition holds


def party_columns() -> list[Column]:
    """PARTIES_PER_SIDE IRI columns per side, for every edition: `taiwanese_party_iri`, `taiwanese_party_iri_2`
    (empty unless a cell names two parties); each stands for twjp:taiwaneseParty (or japaneseParty)."""
    out = []
    for side in ("taiwanese", "japanese"):
        for n in range(1, PARTIES_PER_SIDE + 1):
            name = f"{side}_party_iri" + (f"_{n}" if n > 1 else "")
            title = f"{side.capitalize()} party IRI" + (f" ({n})" if n > 1 else "")
            out.append(Column(name, title, "string", f"{TWJP}{side}Party", "{+" + name + "}"))
    return out


def columns(edition: Edition) -> list[Column]:
    """The columns of agreements.csv: the same for every edition. A cell naming more parties than the schema
    has room for is an error naming its row (a new column is a new schema, not a silent change)."""
    crowded = [
        Problem(a.row.where, f"names {len(p.locality_ids)} parties on one side; agreements.csv has room for "
                f"{PARTIES_PER_SIDE} (convert/release/spreadsheet.py PARTIES_PER_SIDE)")
        for a in edition.agreements
        for p in (a.taiwan, a.japan)
        if len(p.locality_ids) > PARTIES_PER_SIDE
    ]  # fmt: skip
    raise_if_any("agreements.csv", crowded)
    at = next(i for i, c in enumerate(COLUMNS) if c.name == "type_published")
    return [*COLUMNS[:at], *party_columns(), *COLUMNS[at:]]


def labels_by_iri(store: Store, subjects: set[NamedNode]) -> dict[str, dict[str, str]]:
    """The rdfs:label, else skos:prefLabel, of each subject by language: the first in the dataset's order
    (its sorted N-Triples), so the choice does not depend on the store."""
    out: dict[str, dict[str, str]] = {}
    for subject in sorted(subjects, key=str):
        found = [q.triple for p in (RDFS.label, SKOS.prefLabel) for q in store.quads_for_pattern(subject, p, None)]
        for t in sorted(found, key=str):
            if isinstance(t.object, Literal):
                out.setdefault(subject.value, {}).setdefault((t.object.language or "").lower(), t.object.value)
    return out


def name(labels: dict[str, dict[str, str]], iri: NamedNode, lang: str) -> str:
    found = labels.get(iri.value, {})
    return found.get(lang) or found.get(JA) or found.get(EN) or ""


def rows(edition: Edition, iris: Iris, store: Store) -> list[dict]:
    """One record per agreement, with every value the tables need (names from the dataset in `store`)."""
    gaz, vocab = edition.gazetteer, edition.vocabulary
    named = {iris.concept("category", kind.category) for kind in vocab.types.values()}
    named |= {iris.locality(i) for a in edition.agreements for i in (*a.taiwan.locality_ids, *a.japan.locality_ids)}
    labels = labels_by_iri(store, named)
    out = []
    for a in edition.agreements:
        kind = vocab.types[a.row.type]
        category = iris.concept("category", kind.category)
        record = {
            "agreement": iris.agreement(a).value,
            "signing_date": a.row.date.isoformat(),
            "type_published": a.row.type,
            "type_en": kind.en,
            "type_ja": kind.ja,
            "type_iri": iris.agreement_type(kind.id).value,
            "category": kind.category,
            "category_labels": {lang: name(labels, category, lang) for lang in (ZH, JA, EN)},
            "source_row": str(a.row.number),
        }
        for side, party in (("taiwanese", a.taiwan), ("japanese", a.japan)):
            ids = party.locality_ids
            parties = [iris.locality(i) for i in ids]
            record[f"{side}_party"] = "・".join(gaz.full_name(gaz[i]) for i in ids)
            record[f"{side}_party_id"] = " ".join(ids)
            for n, p in enumerate(parties, start=1):
                record[f"{side}_party_iri" + (f"_{n}" if n > 1 else "")] = p.value
            record[f"{side}_party_wikidata"] = " ".join(gaz[i].qid for i in ids if gaz[i].qid)
            for n in range(1, PARTIES_PER_SIDE + 1):  # each party's own item, in the order of the parties
                record[f"{side}_wikidata_{n}"] = gaz[ids[n - 1]].qid if n <= len(ids) else ""
            for lang, suffix in ((ZH, "zh"), (JA, "ja"), (EN, "en")):
                record[f"{side}_party_{suffix}"] = "・".join(name(labels, p, lang) for p in parties)
        out.append(record)
    return out


def agreements_csv(records: list[dict], cols: list[Column]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c.name for c in cols])
    for r in records:
        w.writerow([r.get(c.name, "") for c in cols])
    return buf.getvalue().encode()


def csvw_metadata(cols: list[Column], release_version: str) -> bytes:
    """The CSVW description of agreements.csv: one row describes one agreement (aboutUrl), IRI columns give
    the property they stand for; the Wikidata columns describe the parties and yield no triple."""
    columns = []
    for c in cols:
        # titles are the header cells, as CSVW's compatibility rules ask; the human title is dc:title
        col: dict = {"name": c.name, "titles": c.name, "dc:title": c.title, "datatype": c.datatype}
        if c.description:
            col["dc:description"] = c.description
        if c.separator:
            col["separator"] = c.separator
        if c.property:
            col["propertyUrl"] = c.property
        if c.value_url:
            col["valueUrl"] = c.value_url
        if c.property is None:
            col["suppressOutput"] = True
        columns.append(col)
    metadata = {
        "@context": "http://www.w3.org/ns/csvw",
        "url": "agreements.csv",
        "dc:title": "twjp agreements: one row per agreement between a Taiwanese and a Japanese local government",
        "dc:license": {"@id": "https://creativecommons.org/licenses/by/4.0/"},
        "dc:source": {"@id": f"https://w3id.org/twjp/dataset/{release_version}"},
        "dialect": {"encoding": "utf-8", "header": True, "lineTerminators": ["\n"]},
        "tableSchema": {"columns": columns, "aboutUrl": "{+agreement}", "primaryKey": "agreement"},
    }
    return (json.dumps(metadata, ensure_ascii=False, indent=2) + "\n").encode()


XLSX_COLUMNS = [
    ("signing_date", "締結年月日 / 締結年月日 / Signing date", 12),
    ("taiwanese_party_zh", "臺灣締約方", 20),
    ("taiwanese_party_ja", "台湾側の締結者", 20),
    ("taiwanese_party_en", "Taiwanese party", 22),
    ("japanese_party_zh", "日本締約方", 20),
    ("japanese_party_ja", "日本側の締結者", 20),
    ("japanese_party_en", "Japanese party", 24),
    ("type_published", "合作型態（原文）", 18),
    ("type_ja", "協定の種類", 18),
    ("type_en", "Type", 30),
    ("category_zh", "大類", 10),
    ("category_ja", "大分類", 10),
    ("category_en", "Category", 18),
    ("agreement", "協定頁面 / 協定のページ / Agreement page", 40),
    ("taiwanese_wikidata_1", "Wikidata (臺灣 / 台湾 / Taiwan)", 12),
    ("taiwanese_wikidata_2", "Wikidata (臺灣 / 台湾 / Taiwan) 2", 12),
    ("japanese_wikidata_1", "Wikidata (日本 / Japan)", 12),
    ("japanese_wikidata_2", "Wikidata (日本 / Japan) 2", 12),
    ("source_row", "列號 / 行番号 / Row", 8),
]


# Excel's limits for one worksheet: rows (with the header) and hyperlinks
ROWS_PER_SHEET = 1_048_576
LINKS_PER_SHEET = 65_530


def agreements_xlsx(records: list[dict], issued: str) -> bytes:
    """The spreadsheet; its document dates are the release's, and XlsxWriter stamps the zip entries with a
    fixed date, so the same data gives the same bytes. Past Excel's limits, nothing is dropped: the rows go on
    in further sheets (`agreements (2)`…), and a sheet that would hold more hyperlinks than Excel allows
    holds the IRIs and Wikidata ids as text instead."""
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_urls": False})
    day = dt.datetime.fromisoformat(issued)
    book.set_properties(
        {"title": "twjp agreements", "author": "twjp project", "created": day, "comments": "CC BY 4.0; see LICENSE"}
    )
    book.set_custom_property("twjp-release-date", issued)
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7"})
    link = book.add_format({"font_color": "blue", "underline": 1})
    date = book.add_format({"num_format": "yyyy-mm-dd", "align": "left"})
    per_sheet = ROWS_PER_SHEET - 1
    for first in range(0, max(len(records), 1), per_sheet):
        part = records[first : first + per_sheet]
        name = "agreements" if first == 0 else f"agreements ({first // per_sheet + 1})"
        links = sum(
            1 + len(r["taiwanese_party_wikidata"].split()) + len(r["japanese_party_wikidata"].split()) for r in part
        )
        write_sheet(book.add_worksheet(name), part, header, link if links <= LINKS_PER_SHEET else None, date)
    book.close()
    return buf.getvalue()


def write_sheet(sheet, records: list[dict], header, link, date) -> None:
    """One worksheet of agreements; `link` is the hyperlink format, or None to write links as text; dates are
    date cells. Printed: landscape A4, fitted to the page width, the header repeated on every page."""
    for col, (_, title, width) in enumerate(XLSX_COLUMNS):
        sheet.write_string(0, col, title, header)
        sheet.set_column(col, col, width)
    sheet.set_row(0, 48)  # three lines: a wrapped header cell is shown whole, on screen and on paper
    for row, r in enumerate(records, start=1):
        values = {
            **r,
            "category_zh": r["category_labels"][ZH],
            "category_ja": r["category_labels"][JA],
            "category_en": r["category_labels"][EN],
        }
        for col, (key, _, _) in enumerate(XLSX_COLUMNS):
            value = values[key]
            if key == "agreement" and link is not None:
                sheet.write_url(row, col, value, link, string=value.rsplit("/", 1)[1])
            elif "_wikidata_" in key and value and link is not None:
                sheet.write_url(row, col, WIKIDATA_PAGE + value, link, string=value)
            elif key == "signing_date":
                sheet.write_datetime(row, col, dt.datetime.fromisoformat(value), date)
            elif key == "source_row":
                sheet.write_number(row, col, int(value))
            else:
                sheet.write_string(row, col, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(records), len(XLSX_COLUMNS) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.set_footer("&Ctwjp agreements — &P / &N")
