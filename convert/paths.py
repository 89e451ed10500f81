"""Every path the project uses, anchored at the repository root. Nothing happens at import."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
DATA = PACKAGE / "data"
SOURCE = DATA / "source" / "000_8505a4975681f926.txt"
GAZETTEER = DATA / "gazetteer.tsv"
READINGS = DATA / "readings.tsv"
CHARACTERS = DATA / "characters.tsv"
SUCCESSIONS = DATA / "successions.tsv"
PREDECESSORS = DATA / "predecessors.tsv"
REGISTRY = DATA / "agreements.tsv"
RELEASES = DATA / "releases.tsv"
RETIRED = DATA / "retired.tsv"
PUBLISHER = DATA / "publisher.tsv"
AGREEMENT_TYPES = DATA / "agreement_types.tsv"
CONCEPTS = DATA / "concepts.tsv"
ONTOLOGY = ROOT / "ontology" / "twjp.ttl"
SHAPES = ROOT / "shapes" / "twjp-shapes.ttl"
# the official DCAT-AP 3.0.1 shapes and the entries of the EU vocabularies the description uses
DCAT_AP = ROOT / "shapes" / "dcat-ap-3.0.1"
EU_VOCABULARIES = DCAT_AP / "eu-vocabularies.ttl"
QUERIES = ROOT / "queries"
OUTPUT = ROOT / "output"
SITE = ROOT / "site"
DRAFT = ROOT / "draft"
