"""Write shapes/dcat-ap-3.0.1/eu-vocabularies.ttl: the entries of the controlled vocabularies that the DCAT-AP
3.0.1 shapes check (html_shacl_mdr-vocabularies.shape.ttl) and that twjp's description uses, copied from public
files of those vocabularies. The DCAT-AP shapes ask that a value be in the vocabulary's scheme (skos:inScheme);
the SEMIC validator loads the whole vocabularies for that (html_shacl_mdr_imports.ttl); twjp's tests load this
excerpt with void.ttl instead. Run once, by hand, when the description starts to use another value:

    python -m convert.dev.vocabularies FILE_TYPES DATA_THEMES ADMS_SKOS

with the three files named in SOURCES below (they are too large to keep in the repository). The output is
committed: the build and the tests never need them. The languages and the access right come from lists that
European public bodies publish in their own code (no SKOS file of those two vocabularies was available here):
each is cited where it is written."""

from __future__ import annotations

import sys

import rdflib
from rdflib import RDF, SKOS, Literal, URIRef
from rdflib.namespace import DC, OWL

from convert import paths

TARGET = paths.ROOT / "shapes" / "dcat-ap-3.0.1" / "eu-vocabularies.ttl"
EU = "http://publications.europa.eu/resource/authority/"

# file -> (where it comes from, the entries twjp uses)
SOURCES = {
    "file-type": (
        "berlinonline/ckanext-dcatde_berlin, commit 0d660ffb775ccbbc5cd6cc4738acf9682e77eb9f, "
        "reference/mdr-nal/filetypes-skos-ap-act.ttl: the EU Publications Office's File type list (version "
        "20171213-0) in Turtle",
        ("RDF_TURTLE", "RDF_N_TRIPLES", "JSON_LD", "CSV", "XLSX", "GEOJSON"),
    ),
    "data-theme": (
        "berlinonline/ckanext-dcatde_berlin, commit 0d660ffb775ccbbc5cd6cc4738acf9682e77eb9f, "
        "reference/mdr-nal/data-theme-skos-ap-act.ttl: the EU Publications Office's Data theme list (version "
        "20161225-1) in Turtle",
        ("GOVE",),
    ),
    "adms": (
        "SEMICeu/ADMS-AP, commit a5488a5b41f3ba1d8a2518a063c47b798882acab, purl.org/ADMS_SKOS_v1.00.rdf: ADMS's "
        "licence types and publisher types",
        ("licencetype", "publishertype"),
    ),
}
# entries written from lists in public code, each with its citation: (scheme, code, English label, source)
LISTED = (
    (
        "language",
        "ENG",
        "English",
        "openeuropa/oe_showcase (European Commission), commit 7f9e01a879eaaeb8bc648d7f05524e285b92d2ac, "
        "modules/oe_showcase_user_profile/src/Plugin/ConceptSubset/LanguagesWeb.php, concept scheme "
        "http://publications.europa.eu/resource/authority/language; SEMICeu/iso-19139-to-dcat-ap, tests/test-cases",
    ),
    (
        "language",
        "JPN",
        "Japanese",
        "openeuropa/oe_showcase (European Commission), commit 7f9e01a879eaaeb8bc648d7f05524e285b92d2ac, "
        "modules/oe_showcase_user_profile/src/Plugin/ConceptSubset/LanguagesWeb.php",
    ),
    (
        "language",
        "ZHO",
        "Chinese",
        "openeuropa/oe_showcase (European Commission), commit 7f9e01a879eaaeb8bc648d7f05524e285b92d2ac, "
        "modules/oe_showcase_user_profile/src/Plugin/ConceptSubset/LanguagesWeb.php",
    ),
    (
        "access-right",
        "PUBLIC",
        "public",
        "opendata-swiss/eCH-0285-Use-of-controlled-vocabularies, commit 108bad074e2eb9e12de45d9baef91b0539266fbb, "
        "document/11_access_rights.md (the European Access Rights vocabulary)",
    ),
    (
        "planned-availability",
        "STABLE",
        "stable",
        "SEMICeu/DCAT-AP, commit 7c531da7f154794da620fd0e57a3e8afe0286c0f, releases/2.1.1/dcat-ap_2.1.1.rdf: "
        "the deprecated http://data.europa.eu/r5r/availability/stable ('Data will remain available in the long "
        "term') refers to it",
    ),
)
SCHEMES = {
    "language": "Language",
    "access-right": "Access right",
    "planned-availability": "Planned availability",
}


def excerpt(g: rdflib.Graph, concepts: list[URIRef], out: rdflib.Graph) -> None:
    """Copy each concept's type, scheme, English label and identifier, and its scheme's type, label and version."""
    schemes = set()
    for c in concepts:
        if (c, RDF.type, SKOS.Concept) not in g:
            sys.exit(f"{c} is not a skos:Concept of the file")
        for p in (RDF.type, SKOS.inScheme, SKOS.topConceptOf, DC.identifier):
            for o in g.objects(c, p):
                out.add((c, p, o))
        for o in g.objects(c, SKOS.prefLabel):
            if o.language == "en":
                out.add((c, SKOS.prefLabel, o))
        schemes.update(g.objects(c, SKOS.inScheme))
    for s in schemes:
        out.add((s, RDF.type, SKOS.ConceptScheme))
        for o in g.objects(s, SKOS.prefLabel):
            if o.language == "en":
                out.add((s, SKOS.prefLabel, o))
        for o in g.objects(s, OWL.versionInfo):
            out.add((s, OWL.versionInfo, o))


def main(file_types: str, data_themes: str, adms: str) -> None:
    out = rdflib.Graph()
    out.bind("skos", SKOS)
    out.bind("dc", DC)
    ft = rdflib.Graph().parse(file_types)
    excerpt(ft, [URIRef(f"{EU}file-type/{c}") for c in SOURCES["file-type"][1]], out)
    dt = rdflib.Graph().parse(data_themes)
    excerpt(dt, [URIRef(f"{EU}data-theme/{c}") for c in SOURCES["data-theme"][1]], out)
    ad = rdflib.Graph().parse(adms)
    schemes = {URIRef(f"http://purl.org/adms/{kind}/1.0") for kind in SOURCES["adms"][1]}
    wanted = [c for c, s in ad.subject_objects(SKOS.inScheme) if s in schemes]
    excerpt(ad, sorted(set(wanted)), out)
    for scheme, code, label, _ in LISTED:
        c, s = URIRef(f"{EU}{scheme}/{code}"), URIRef(f"{EU}{scheme}")
        out.add((c, RDF.type, SKOS.Concept))
        out.add((c, SKOS.inScheme, s))
        out.add((c, SKOS.prefLabel, Literal(label, lang="en")))
        out.add((c, DC.identifier, Literal(code)))
        out.add((s, RDF.type, SKOS.ConceptScheme))
        out.add((s, SKOS.prefLabel, Literal(SCHEMES[scheme], lang="en")))
    header = [
        "# Entries of the controlled vocabularies the DCAT-AP 3.0.1 shapes check, as twjp's description uses them:",
        "# an excerpt written by `python -m convert.dev.vocabularies` (see it for how). Where each comes from:",
        *(f"#   {name}: {where}" for name, (where, _) in SOURCES.items()),
        *(f"#   {scheme}/{code}: {where}" for scheme, code, _, where in LISTED),
        "# The vocabularies of the EU Publications Office are published under CC BY 4.0 (Commission Decision",
        "# 2011/833/EU on the reuse of Commission documents); ADMS is SEMIC's (CC BY 4.0).",
    ]
    text = out.serialize(format="nt", encoding="utf-8").decode()
    lines = sorted(line for line in text.splitlines() if line.strip())
    TARGET.write_text("\n".join(header) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} triples to {TARGET}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
