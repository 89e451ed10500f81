"""The agreements as tables: CSV with CSVW metadata that yields the dataset's own triples, and a spreadsheet in
three languages that opens right."""

import csv
import io
import re
import zipfile

import pyoxigraph as ox

from convert import paths


def test_csvw_metadata_is_valid_and_its_triples_agree_with_the_dataset():
    from csvw import CSVW

    table = CSVW(str(paths.OUTPUT / "agreements.csv-metadata.json"))
    assert table.is_valid and not table.warnings
    rows = table.to_json(minimal=True)
    assert len(rows) == 157
    from_csv = set()
    for row in rows:
        s = row["@id"]
        for p, values in row.items():
            if p == "@id":
                continue
            for v in values if isinstance(values, list) else [values]:
                from_csv.add((s, p, v))
    dataset = {
        (t.subject.value, t.predicate.value, t.object.value)
        for t in (q.triple for q in ox.parse(path=str(paths.OUTPUT / "twjp.nt"), format=ox.RdfFormat.N_TRIPLES))
    }
    assert from_csv <= dataset
    properties = {p for _, p, _ in from_csv}
    twjp = "https://w3id.org/twjp/ontology#"
    assert properties == {twjp + n for n in ("signingDate", "taiwaneseParty", "japaneseParty", "agreementType")}
    for p in properties:  # and nothing of these properties is missing from the table
        assert {t for t in dataset if t[1] == p and "/agreement/" in t[0]} == {t for t in from_csv if t[1] == p}


def test_the_csv_has_english_names_and_stays_plain_utf8():
    text = (paths.OUTPUT / "agreements.csv").read_bytes().decode("utf-8")
    assert not text.startswith("\ufeff") and "\r" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    first = next(r for r in rows if r["source_row"] == "1")
    assert (first["taiwanese_party_en"], first["japanese_party_en"]) == ("Taipei City", "Yokohama")
    joint = next(r for r in rows if r["source_row"] == "156")
    assert joint["japanese_party_iri"] and joint["japanese_party_iri_2"]


def test_the_spreadsheet_opens_right():
    data = (paths.OUTPUT / "agreements.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode()
        core = z.read("docProps/core.xml").decode()
        rels = z.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert '<pane ySplit="1"' in sheet and "frozen" in sheet  # the header stays in view
    assert "<autoFilter" in sheet
    for name in (
        "臺北市",
        "台北市",
        "Taipei City",
        "橫濱市",
        "横浜市",
        "Yokohama",
        "姊妹市",
        "姉妹都市（姊妹市）",
        "Sister city",
    ):
        assert name in strings, name
    assert rels.count("https://w3id.org/twjp/agreement/") == 157
    assert len(re.findall(r"https://www\.wikidata\.org/wiki/Q\d+", rels)) > 250
    assert "2026-11-26" in core  # the release's date, not the build's


def test_past_excels_limits_the_spreadsheet_drops_nothing(edition, monkeypatch):
    """A sheet holds at most 1,048,576 rows and 65,530 hyperlinks: with the limits made small, the rows go on in
    further sheets and a sheet with too many links holds the IRIs and Wikidata ids as text, without a warning."""
    import warnings

    from convert.rdf import Iris, dataset_graph
    from convert.release import spreadsheet

    store = dataset_graph(edition, edition.source.read_bytes()).store()
    records = spreadsheet.rows(edition, Iris("https://w3id.org/twjp/"), store)
    monkeypatch.setattr(spreadsheet, "ROWS_PER_SHEET", 101)  # 100 agreements a sheet: 100 and 57

    def links(part):
        return sum(1 + bool(r["taiwanese_party_wikidata"]) + bool(r["japanese_party_wikidata"]) for r in part)

    assert links(records[100:]) < links(records[:100])
    monkeypatch.setattr(spreadsheet, "LINKS_PER_SHEET", links(records[100:]))  # the 57 rows' links fit, no more
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = spreadsheet.agreements_xlsx(records, "2026-11-26")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        book = z.read("xl/workbook.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode()
        sheets = [z.read(f"xl/worksheets/sheet{n}.xml").decode() for n in (1, 2)]
        rels = [n for n in names if n.startswith("xl/worksheets/_rels/")]
    assert 'name="agreements"' in book and 'name="agreements (2)"' in book
    assert [s.count("<row ") for s in sheets] == [101, 58]  # every agreement, each sheet with its header
    assert rels == ["xl/worksheets/_rels/sheet2.xml.rels"]  # links only where they fit
    for r in records[:100]:  # the first sheet's agreements: their IRIs as text
        assert r["agreement"] in strings
    assert records[-1]["agreement"] not in strings  # the second's: links showing the id
