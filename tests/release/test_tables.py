"""The agreements as tables: CSV with CSVW metadata that yields the dataset's own triples, and a spreadsheet in
three languages that opens right."""

import csv
import io
import re
import zipfile
from pathlib import Path

import pyoxigraph as ox

from convert import paths

TWJP = "https://w3id.org/twjp/ontology#"
PROPERTIES = {TWJP + n for n in ("signingDate", "taiwaneseParty", "japaneseParty", "agreementType")}


def release_triples() -> set[tuple[str, str, str]]:
    """The release's triples of the properties the table stands for, about agreements."""
    return {
        (t.subject.value, t.predicate.value, t.object.value)
        for t in (q.triple for q in ox.parse(path=str(paths.OUTPUT / "twjp.nt"), format=ox.RdfFormat.N_TRIPLES))
        if t.predicate.value in PROPERTIES and "/agreement/" in t.subject.value
    }


def test_csvw_metadata_is_valid_and_compatible_for_csvw_and_yields_the_releases_triples():
    """First implementation: the `csvw` package (CLDF's): valid, no warning (every column's titles match its
    header cell, as the metadata vocabulary's compatibility rules ask), its JSON's triples the release's."""
    from csvw import CSVW

    table = CSVW(str(paths.OUTPUT / "agreements.csv-metadata.json"))
    assert table.is_valid and not table.warnings, table.warnings
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
    assert from_csv == release_triples()


def test_a_second_csvw_implementation_reads_the_csv_from_a_static_host_to_the_releases_graph():
    """Second implementation: csvwlib, reading the files over HTTP from Apache as a user's tool would. Its
    limits and bugs (said in the README): it cannot expand RFC 6570 reserved expansion (`{+agreement}`), so it
    is given the metadata with `{+x}` written `{x}`, which it substitutes verbatim; it prefixes the table's URL
    to an absolute aboutUrl; it calls rdflib's XSD namespace as rdflib 5 had it; it checks no titles."""
    import json
    import os
    import shutil
    import tempfile
    import warnings

    import rdflib
    from rdflib.compare import to_isomorphic

    from tests.servers import ApacheServer, apache_available
    from tests.web.conftest import needs

    needs(apache_available(), "Apache (apache2)")

    tmp_path = Path(tempfile.mkdtemp(prefix="twjp-csvw-", dir="/tmp"))  # (others may read it: Apache's workers)
    root = tmp_path / "www"
    root.mkdir()
    shutil.copy(paths.OUTPUT / "agreements.csv", root)
    metadata = json.loads((paths.OUTPUT / "agreements.csv-metadata.json").read_text(encoding="utf-8"))
    text = re.sub(r"\{\+([a-z0-9_]+)\}", r"{\1}", json.dumps(metadata, ensure_ascii=False))
    (root / "agreements.csv-metadata.json").write_text(text, encoding="utf-8")
    for p in (tmp_path, root, *root.iterdir()):
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    run = tmp_path / "run"
    run.mkdir()
    apache = ApacheServer(root, run)
    try:
        from csvwlib import CSVWConverter
        from csvwlib.utils.rdf import OntologyUtils

        # csvwlib 0.3.2 predates rdflib 6: it calls XSD.term(name), which rdflib's DefinedNamespace now answers
        # with the IRI xsd:term; a plain Namespace of the same IRI behaves as csvwlib expects
        OntologyUtils.XSD = rdflib.Namespace(str(rdflib.XSD))

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            graph = CSVWConverter.to_rdf(metadata_url=f"{apache.url}/agreements.csv-metadata.json", mode="minimal")
    finally:
        apache.stop()
        shutil.rmtree(tmp_path, ignore_errors=True)
    expected = rdflib.Graph()
    for s, p, o in release_triples():
        obj = rdflib.Literal(o, datatype=rdflib.XSD.date) if p.endswith("signingDate") else rdflib.URIRef(o)
        expected.add((rdflib.URIRef(s), rdflib.URIRef(p), obj))
    got = rdflib.Graph()
    prefix = f"{apache.url}/agreements.csv"
    for subject, p, o in graph:
        # csvwlib joins the table's URL before an expanded aboutUrl that is already absolute (RFC 3986 resolution
        # of an absolute reference gives the reference itself): undo that, and nothing else
        assert str(subject).startswith(prefix + "https://"), subject
        got.add((rdflib.URIRef(str(subject)[len(prefix) :]), p, o))
    assert len(expected) > 600
    missing, extra = set(expected) - set(got), set(got) - set(expected)
    assert not missing and not extra, (sorted(missing)[:3], sorted(extra)[:3])
    assert to_isomorphic(got) == to_isomorphic(expected)


def test_the_csv_columns_are_the_same_for_every_edition(edition, tmp_path):
    """The header does not depend on the data: an edition without a joint party has the same columns."""
    from convert.release.spreadsheet import columns
    from tests.exports.test_diff import edition as edit_list

    header = (paths.OUTPUT / "agreements.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    joint = [a.row.number for a in edition.agreements if len(a.japan.locality_ids) > 1]
    assert joint  # the real list has joint parties; the edition below has none
    from convert.read import load_edition

    alone = load_edition(edit_list(tmp_path, drop=joint), draft=True)
    assert all(len(a.japan.locality_ids) == 1 for a in alone.agreements)
    assert [c.name for c in columns(alone)] == [c.name for c in columns(edition)] == header


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
        return sum(
            1 + len(r["taiwanese_party_wikidata"].split()) + len(r["japanese_party_wikidata"].split()) for r in part
        )

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


def test_openpyxl_reads_real_dates_every_wikidata_link_and_a_print_setup():
    """A second reader of the spreadsheet (openpyxl; XlsxWriter wrote it)."""
    import datetime as dt

    import openpyxl

    book = openpyxl.load_workbook(paths.OUTPUT / "agreements.xlsx")
    sheet = book["agreements"]
    header = [c.value for c in sheet[1]]
    date_col = next(i for i, h in enumerate(header) if "Signing date" in h)
    dates = [row[date_col] for row in sheet.iter_rows(min_row=2)]
    assert len(dates) == 157
    assert all(isinstance(c.value, dt.datetime) and "yyyy" in c.number_format.lower() for c in dates)
    assert sorted(c.value.year for c in dates)[0] == 1979  # a year filter works: the first agreement's year
    # every Wikidata item of a cell naming two parties is a link of its own
    text = (paths.OUTPUT / "agreements.csv").read_text(encoding="utf-8")
    items = {q for row in csv.DictReader(io.StringIO(text)) for k in ("taiwanese_party_wikidata",
             "japanese_party_wikidata") for q in row[k].split()}  # fmt: skip
    linked = {c.hyperlink.target.rsplit("/", 1)[1] for row in sheet.iter_rows(min_row=2) for c in row
              if c.hyperlink is not None and "wikidata.org" in c.hyperlink.target}  # fmt: skip
    assert linked == items and len(items) > 150
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth or 1) == 1 and setup.fitToHeight == 0  # (1 is the attribute's default in OOXML)
    assert sheet.print_title_rows in ("1:1", "$1:$1")  # the header on every printed page


def test_libreoffice_prints_the_spreadsheet_on_a_few_landscape_pages_each_with_the_header(tmp_path):
    import shutil
    import subprocess

    from PIL import Image
    from pypdf import PdfReader

    from tests.web.conftest import needs

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    needs(bool(soffice and shutil.which("pdftoppm")), "LibreOffice (libreoffice-calc-nogui) or poppler-utils")
    shutil.copy(paths.OUTPUT / "agreements.xlsx", tmp_path)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "agreements.xlsx")],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    pdf = PdfReader(tmp_path / "agreements.pdf")
    assert 1 <= len(pdf.pages) <= 10, len(pdf.pages)  # (24 portrait pages with the header cut, before)
    for page in pdf.pages:
        box = page.mediabox
        assert box.width > box.height  # landscape
        words = page.extract_text()
        assert "Signing date" in words and "Japanese party" in words  # the header on each page
    first = pdf.pages[0].extract_text()
    assert "Taipei City" in first and "Yokohama" in first
    assert "Row" in pdf.pages[-1].extract_text()  # the last column is on the page: fitted to width
    # the first page as a person sees it (kept beside the test's files)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / "agreements.pdf"),
                    str(tmp_path / "page")], check=True, timeout=60)  # fmt: skip
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    inked = sum(1 for v in image.getdata() if v < 128) / (image.width * image.height)
    assert 0.01 < inked < 0.5, inked  # text on the page, not a blank or black page
