"""The folder of a w3id.org pull request (`twjp w3id`): `.htaccess`, the rules that redirect every IRI, document,
download and the landing page of the dataset to absolute URLs on the publisher's static host (convert.web.routes),
and `README.md`, what the folder is, who maintains it and how to reach them, in the form w3id.org's own README
asks for (its examples/ folder shows it: the identifier, where it redirects, the maintainers with their GitHub
accounts, a contact)."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

from convert.problems import Problem, TwjpError
from convert.read.releases import Publisher
from convert.web.routes import Retired, w3id_htaccess

EXIT_USAGE = 2
MAINTAINER = re.compile(r"[^\n\r<>]{3,200}")


def retired_of(release: Path, base: str) -> tuple[Retired, ...]:
    """The retired agreements of a release (its retired.csv), as paths below the base."""
    path = release / "retired.csv"
    if not path.is_file():
        raise TwjpError("twjp w3id", [Problem(str(path), "is missing: name a twjp release with --output")], EXIT_USAGE)
    out = []
    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
        iri, replacement = row["agreement"], row["replaced_by"]
        if not iri.startswith(base) or (replacement and not replacement.startswith(base)):
            raise TwjpError(
                "twjp w3id", [Problem(str(path), f"{iri} is not under the base {base} (--base)")], EXIT_USAGE
            )
        out.append(Retired(iri[len(base) :], replacement[len(base) :] if replacement else ""))
    return tuple(out)


def check(target: str, maintainers: tuple[str, ...], base: str) -> None:
    problems = []
    if not re.fullmatch(r"https?://[^\s\"'<>\\]+/", target):
        problems.append(Problem("--target", f"{target!r} must be the http(s) URL of the static host, ending in /"))
    if not maintainers:
        problems.append(
            Problem(
                "--maintainer",
                "name at least one maintainer of the w3id.org folder (w3id.org asks for each one's name and GitHub "
                "account, for example --maintainer 'Ada Lovelace, GitHub: ada'); twjp never invents one",
            )
        )
    problems += [
        Problem("--maintainer", f"{m!r} is not a line of 3 to 200 characters")
        for m in maintainers
        if not MAINTAINER.fullmatch(m)
    ]
    m = re.fullmatch(r"https://w3id\.org/([A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*)/", base)
    if m is None:
        problems.append(Problem("--base", f"{base!r} is not a folder of https://w3id.org/ (https://w3id.org/twjp/)"))
    if problems:
        raise TwjpError("twjp w3id", problems, EXIT_USAGE)


def contact_lines(publisher: Publisher | None) -> list[str]:
    if publisher is None or not publisher.has_contact:
        return [
            "No contact point of the publisher is published yet (convert/data/publisher.tsv gives none):",
            "reach the maintainers above.",
        ]
    out = []
    if publisher.email:
        out.append(f"E-mail: {publisher.email}")
    if publisher.issues:
        out.append(f"Issue tracker: {publisher.issues}")
    return out


def w3id_folder(
    target: str, maintainers: tuple[str, ...], release: Path, base: str, publisher: Publisher | None
) -> dict[str, bytes]:
    """The two files of the folder, by name."""
    check(target, maintainers, base)
    folder = base[len("https://w3id.org/") :].rstrip("/")
    retired = retired_of(release, base)
    contact = contact_lines(publisher)
    header = "\n".join(
        [
            f"# {base}",
            "#",
            "# twjp: the partnership agreements between Taiwanese and Japanese local governments, as linked open data.",
            f"# Every IRI under {base} redirects to the static site that serves the dataset:",
            f"# {target}",
            "#",
            "# ## Contact",
            "# This space is administered by:",
            *(f"# {m}" for m in maintainers),
            *(f"# {line}" for line in contact),
        ]
    )
    readme = "\n".join(
        [
            f"# /{folder}/",
            "",
            "twjp: the partnership agreements (sister cities, friendship agreements, memoranda…) between Taiwanese and",
            "Japanese local governments, published as linked open data.",
            "",
            f"[`{base}`]({base}) and every IRI below it redirect to the static site that serves the dataset,",
            f"[`{target}`]({target}):",
            "",
            "- an IRI (`agreement/…`, `locality/…`, `concept/…`, `dataset/1.0`, `ontology`, `ontology/0.3.0`…) answers",
            "  `303 See Other` to its page (`text/html`) or its data (`text/turtle`, `application/ld+json`,",
            "  `application/n-triples`), as the `Accept` header asks (q-values honoured, `?format=` overrides), and",
            "  `406 Not Acceptable` when the header admits none of them;",
            "- a document (`….ttl`, `….html`…), a download (`release/…`) or a file of the site answers `302 Found`",
            "  to the same path on the host;",
            "- an agreement the list no longer names answers `301 Moved Permanently` to the IRI of what replaces",
            "  it, or, gone, keeps its page and answers `410 Gone` for its data;",
            "- every answer allows cross-origin requests (`Access-Control-Allow-Origin: *`).",
            "",
            "The rules are generated by `twjp w3id` from the dataset's route table, the one its own server",
            "(`twjp serve`) follows too; regenerate them after a release that retires agreements.",
            "",
            "## Maintainers",
            "",
            *(f"- {m}" for m in maintainers),
            "",
            "## Contact",
            "",
            *contact,
            "",
        ]
    )
    rules = w3id_htaccess(target, retired, header, mount=f"/{folder}/")
    return {".htaccess": rules.encode(), "README.md": readme.encode()}


def write_folder(files: dict[str, bytes], directory: Path) -> None:
    """Write the folder; one that holds anything else than these two files is refused, untouched."""
    if directory.exists():
        if not directory.is_dir():
            raise TwjpError("twjp w3id", [Problem(str(directory), "exists and is not a directory")], EXIT_USAGE)
        other = sorted(p.name for p in directory.iterdir() if p.name not in files)
        if other:
            raise TwjpError(
                "twjp w3id",
                [Problem(str(directory), f"holds other files ({', '.join(other[:5])}); name a new or empty folder")],
                EXIT_USAGE,
            )
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            tmp = directory / f".{name}.tmp"
            tmp.write_bytes(content)
            os.replace(tmp, directory / name)
    except OSError as err:
        problem = Problem(str(directory), f"cannot write: {err.strerror or err}")
        raise TwjpError("twjp w3id", [problem], EXIT_USAGE) from None
