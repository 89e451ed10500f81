"""The twjp command: a thin layer over the pipeline modules."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from convert import __version__, paths
from convert.problems import TwjpError

log = logging.getLogger("twjp")
# the output formats of `twjp query` (convert.sparql.render.FORMATS; a test holds them equal): named here so that
# `twjp --help` does not import the RDF libraries
FORMATS = ("table", "csv", "tsv", "json", "turtle", "ntriples")


@click.group()
@click.version_option(__version__, prog_name="twjp")
@click.option("-v", "--verbose", count=True, help="More output.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
def cli(verbose: int, quiet: bool) -> None:
    """twjp: Taiwan–Japan local government partnership agreements as linked open data."""
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO)
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)


source_option = click.option(
    "--source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The published list (text of the PDF). Default: convert/data/source/000_8505a4975681f926.txt.",
)


@cli.command()
@source_option
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Release directory. Default: output/.",
)
@click.option(
    "--site",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write the linked-data site (a page and data for every IRI). Default: site/ beside the "
    "release directory (site/ at the top of the repository).",
)
@click.option("--no-site", is_flag=True, help="Write the release only, not the site.")
@click.option(
    "--draft",
    is_flag=True,
    help="Build the edition as an unpublished draft (version `draft`), to try a candidate edition out. "
    "Default output: draft/release and draft/site. Without it, the source must be the edition "
    "convert/data/releases.tsv records for the release being built.",
)
@click.option("--base", default=None, help="Base IRI of the dataset. Default: https://w3id.org/twjp/.")
@click.option("--check", is_flag=True, help="Build in memory and fail if the committed output/ differs.")
@click.option(
    "--sparql-endpoint",
    default=None,
    metavar="URL",
    help="Public URL of a SPARQL endpoint that serves this release, described in void.ttl (dcat:DataService).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show each stage (stage, count, seconds since the start) on standard error. Default: only on a terminal.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes that render the site (each takes the next records as it goes). Default: the CPUs this "
    "process may use, at most 4.",
)
def build(
    source: Path | None,
    output: Path | None,
    site: Path | None,
    base: str | None,
    check: bool,
    sparql_endpoint: str | None,
    no_site: bool,
    draft: bool,
    progress: bool | None,
    jobs: int | None,
) -> None:
    """Read, resolve, convert and validate the list, and write the release into output/.

    A release version is bound to its edition: a source other than the one releases.tsv records for the version
    being built is refused (exit 2) unless --draft."""
    from convert.rdf import DEFAULT_BASE
    from convert.read import load_edition
    from convert.release import build_release, check_output, differing_files, replace_directories, replace_directory

    output = output or (paths.DRAFT / "release" if draft else paths.OUTPUT)
    site = site or output.absolute().parent / "site"
    if not check:
        if not no_site:
            check_apart(output, site)
        check_output(output)  # before the work: refuse a directory that is not a release, touching nothing
        if not no_site:
            from convert.web import SITE_MARK  # (the site's libraries are loaded only to make it)

            check_output(site, SITE_MARK)
    shown = sys.stderr.isatty() if progress is None else progress
    step = stage_printer() if shown else (lambda stage, count: None)
    edition = load_edition(source, draft=draft)
    step("read", len(edition.agreements))
    release = build_release(
        edition, base or DEFAULT_BASE, previous=output, sparql_endpoint=sparql_endpoint, progress=step
    )
    files = release.files
    if check:
        stale = differing_files(files, output)
        if stale:
            raise click.ClickException(
                f"{output} is not what the sources produce ({', '.join(stale)}); run `twjp build` and commit output/"
            )
        click.echo(f"{output} is up to date ({len(files)} files)")
        return
    notify = lambda message: click.echo(message, err=True)  # noqa: E731
    if no_site:
        replace_directory(files, output, notify=notify)
        step("written", len(files))
    else:
        from convert.release.write import RELEASE_MARK
        from convert.web import SITE_MARK
        from convert.web.site import Builder, write_site

        builder = Builder(edition, files, release.triples, base or DEFAULT_BASE)
        written = []
        workers = jobs or min(4, len(os.sched_getaffinity(0)))  # (each worker's copy of what it touches grows)

        def render_site(staging: Path, previous: Path | None) -> None:
            written.append(write_site(builder, staging, previous, workers))
            step("site", written[0].files)

        # the release and its site under one lock, both staged whole before either is swapped in; the site is
        # rendered straight into its staging folder
        replace_directories([(files, output, RELEASE_MARK), (render_site, site, SITE_MARK)], notify=notify)
        web = written[0]
        step("written", len(files) + web.files)
    click.echo(edition.summary())
    for r in edition.retired:
        e = r.entry
        last = f"last listed as row {e.row} of edition {e.edition}: {e.taiwan} – {e.japan}, {e.type}, {e.date}"
        if r.recorded:
            log.info("retired: agreement %s (%s) since release %s: %s", r.id, last, r.left, r.reason)
        else:
            log.warning(
                "registered agreement %s (%s) is not in this edition, and its reason is not recorded yet: add a row "
                "to convert/data/retired.tsv (id, left, replaced_by, reason)",
                r.id,
                last,
            )
    warn_if_cut_short(edition)
    if edition.publisher is None or not edition.publisher.has_contact:
        log.warning(
            "note: no contact point: convert/data/publisher.tsv gives no e-mail address or issue tracker, so the "
            "description, the pages and the w3id README say that none is published yet"
        )
    if edition.registration.minted:
        log.warning(
            "note: %d agreements are not in convert/data/agreements.tsv; their ids were minted by the registry's "
            "rule: run `twjp register` to keep them",
            len(edition.registration.minted),
        )
    v = release.validation
    click.echo(f"{release.graph.count} triples; SHACL: {len(v.violations)} violations, {len(v.warnings)} warnings")
    click.echo(f"wrote {len(files)} files to {output}")
    if not no_site:
        click.echo(f"wrote the site: {web.pages} pages, {web.files} files, to {site}")


@cli.command("validate")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--engine",
    type=click.Choice(["turbo", "pyshacl"]),
    default="turbo",
    show_default=True,
    help="SHACL engine: pyshacl-turbo (fast) or pyshacl (the reference implementation).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh-hant", "ja"]),
    default="en",
    show_default=True,
    help="The language of the report (every shape's message is given in the three).",
)
def validate_command(file: Path | None, engine: str, lang: str) -> None:
    """Validate an RDF file (default: output/twjp.ttl) against the shapes; report in plain words.

    Exits 0 when the data conforms, 1 when it does not, 2 when the file cannot be read as RDF (a syntax
    error, with its line and column; no triples; a remote JSON-LD context, which is never fetched)."""
    from convert.validate import validate_file

    result = validate_file(file or paths.OUTPUT / "twjp.ttl", engine)
    click.echo(result.text(lang), nl=False)
    if not result.conforms:
        sys.exit(1)


@cli.command()
@source_option
def register(source: Path | None) -> None:
    """Record the edition's agreements in the id registry (convert/data/agreements.tsv).

    Agreements already registered keep their ids (their content is refreshed); new ones get the id minted
    by the registry's rule. Registered agreements the edition no longer lists stay: an id is never reused."""
    from convert.read import load_edition
    from convert.read.registry import load_registry, write_registry

    edition = load_edition(source)
    registration = edition.registration
    changed = write_registry(registration.entries(edition.agreements, load_registry(), edition.key))
    click.echo(
        f"{len(edition.agreements) - len(registration.minted)} agreements already registered, "
        f"{len(registration.minted)} new; {len(registration.unlisted)} registered agreements not in this edition; "
        f"agreements.tsv {'rewritten' if changed else 'unchanged'}"
    )


@cli.command()
def canonicalize() -> None:
    """Rewrite the curated tables of convert/data in canonical form (sorted rows, fixed columns)."""
    from convert.read.curated import rewrite_all

    for name, changed in rewrite_all():
        click.echo(f"{name}: {'rewritten' if changed else 'already canonical'}")


timeout_option = click.option(
    "--timeout", type=float, default=120.0, show_default=True, help="Seconds to wait for an answer."
)
wikidata_option = click.option(
    "--wikidata-endpoint",
    default=None,
    metavar="URL",
    help="Wikidata's SPARQL endpoint, or a mirror: where federated queries' SERVICE calls go "
    "and `wikidata` queries run. Default: https://query.wikidata.org/sparql.",
)


@cli.command("query")
@click.argument("name", required=False, metavar="[NAME-or-FILE]")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a parameter of the query.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output: table (default), csv, tsv, json; turtle (default) or ntriples for CONSTRUCT.",
)
@click.option(
    "--endpoint",
    default=None,
    metavar="URL",
    help="Run on this SPARQL 1.1 endpoint (with the dataset loaded) instead of the embedded store.",
)
@wikidata_option
@click.option(
    "--data",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="RDF file(s) for the embedded store. Default: output/twjp.ttl.",
)
@timeout_option
@click.option(
    "--lang",
    type=click.Choice(["zh", "ja", "en"]),
    default=None,
    help="Language of the names a table shows for the dataset's IRIs. Default: the terminal's (LANG), else en.",
)
@click.option(
    "--update-expected",
    is_flag=True,
    help="Rewrite the expected answers kept beside the local queries (review the diff).",
)
def query_command(name, params, fmt, endpoint, wikidata_endpoint, data, timeout, lang, update_expected) -> None:
    """Run a sample query (by name) or any .rq file, on the release in an embedded store by default.

    Without NAME, list the sample queries and the questions they answer."""
    from convert.sparql.catalogue import (
        WIKIDATA_SPARQL,
        bind_parameters,
        catalogue,
        find_query,
        listing,
        parse_params,
        query_prefixes,
    )
    from convert.sparql.embedded import load_store
    from convert.sparql.render import FormatError, check_format, default_format, render
    from convert.sparql.run import LOCALITY_NAMES, ask, locality_names, locality_values

    if update_expected:
        update_expected_answers()
        return
    if name is None:
        click.echo(listing(catalogue()), nl=False)
        return
    query = find_query(name)
    fmt = fmt or default_format(query.form)
    try:
        check_format(query.form, fmt)
    except FormatError as err:
        raise click.UsageError(str(err)) from err
    given = parse_params(params)
    bindings = bind_parameters(query, given)
    for p in query.parameters:
        if p.name not in given:
            log.info("%s: --param %s=%s (the default)", query.name, p.name, p.default)
    where = {
        "endpoint": endpoint,
        "wikidata_endpoint": wikidata_endpoint or WIKIDATA_SPARQL,
        "timeout": timeout,
        "store": None
        if endpoint or query.endpoint == "wikidata"
        else load_store(list(data) or [paths.OUTPUT / "twjp.ttl"]),
    }
    values = {}
    if query.locality is not None:  # look the name up first: a clear error for a name of nothing, and a fast query
        values = locality_values(query, bindings, locality_names(ask(LOCALITY_NAMES, {}, **where)))
    answer = ask(query, bindings, values=values, **where)
    labels, limit = {}, 0
    if fmt == "table" and not answer.is_graph:
        import shutil

        from convert.sparql.run import names_of

        limit = shutil.get_terminal_size((100, 24)).columns
        labels = names_of(answer, lang or terminal_language(), where["store"], list(data))
    sys.stdout.buffer.write(render(answer, fmt, query_prefixes(query.text), labels, limit))
    sys.stdout.flush()


def check_apart(output: Path, site: Path) -> None:
    """--site and --output must be separate folders, neither inside the other: refused before any work."""
    import os

    o, s = Path(os.path.realpath(output)), Path(os.path.realpath(site))
    how = "the same folder as" if o == s else "inside" if o in s.parents else "around" if s in o.parents else ""
    if how:
        raise click.UsageError(
            f"--site {site} is {how} --output {output}: the release and the site need two separate folders"
        )


def warn_if_cut_short(edition) -> None:
    """An edition that lost registered agreements without a recorded reason: how many rows it has against the
    previous release's edition, and which rows of that edition are missing (a copy cut short loses its last)."""
    missing = sorted((int(r.entry.row), r.id) for r in edition.retired if not r.recorded and r.entry.row.isdigit())
    previous = next((r for r in reversed(edition.releases) if r.sha256 != edition.sha256), None)
    if not missing or previous is None:
        return
    from convert.read.edition import edition_path
    from convert.read.parse import read_list

    try:
        before = len(read_list(edition_path(edition, previous.source)).rows)
    except TwjpError:
        return
    rows = [n for n, _ in missing]
    tail = rows == list(range(before - len(rows) + 1, before + 1))
    log.warning(
        "warning: this edition has %d rows; the edition of release %s had %d. %d registered agreements are missing "
        "without a recorded reason, its rows %s%s",
        len(edition.published.rows),
        previous.version,
        before,
        len(missing),
        ", ".join(str(n) for n in rows[:20]) + (" …" if len(rows) > 20 else ""),
        ": its last rows, as if the list were cut short (check that the copy is whole)" if tail else "",
    )


def terminal_language() -> str:
    """zh, ja or en, from the locale the terminal says it uses (LC_ALL, LC_MESSAGES, LANG)."""
    import os

    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").lower()
        if value:
            return "zh" if value.startswith("zh") else "ja" if value.startswith("ja") else "en"
    return "en"


def stage_printer():
    """Progress of a build on a terminal: stage, count, seconds since the start (nothing when piped or logged)."""
    import time

    started = time.monotonic()

    def show(stage: str, count: int) -> None:
        click.echo(f"  {stage:<9} {count:>10,}  {time.monotonic() - started:7.2f} s", err=True)

    return show


def update_expected_answers() -> None:
    from convert.sparql.expected import update_expected

    for path, changed in update_expected():
        click.echo(f"{path.relative_to(paths.ROOT)}: {'written' if changed else 'unchanged'}")


@cli.command()
@wikidata_option
@click.option("--propose", is_flag=True, help="List the items Wikidata has for localities without one, for review.")
@timeout_option
def link(wikidata_endpoint, propose, timeout) -> None:
    """Reconcile the gazetteer with Wikidata by official codes (P429, P5020); write nothing.

    Exit codes, for scheduled jobs: 0 Wikidata agrees with the gazetteer; 1 it disagrees (a different,
    extra or missing item); 3 Wikidata could not be asked (unreachable, timed out, or an error answer)."""
    import datetime

    from convert.read import load_gazetteer
    from convert.sparql import WIKIDATA_SPARQL
    from convert.sparql.wikidata import EXIT_DISAGREES, EXIT_UNREACHABLE, fetch_items, proposals, reconcile, report

    url = wikidata_endpoint or WIKIDATA_SPARQL
    gazetteer = load_gazetteer()
    try:
        items = fetch_items(url, timeout)
    except TwjpError as err:
        err.exit_code = EXIT_UNREACHABLE
        raise
    rec = reconcile(gazetteer, items, url)
    click.echo(report(rec, gazetteer), nl=False)
    if propose:
        click.echo()
        click.echo(proposals(rec, gazetteer, datetime.date.today().isoformat()), nl=False)
    if rec.disagrees:
        sys.exit(EXIT_DISAGREES)


@cli.command()
@click.option("--reference-url", required=True, metavar="URL", help="The public URL of the edition you checked (S854).")
@click.option("--retrieved", required=True, metavar="YYYY-MM-DD", help="The day you retrieved that edition (S813).")
@click.option(
    "--category",
    "categories",
    multiple=True,
    metavar="CATEGORY",
    help="Agreement categories that count as twinning (repeat). Default: sister-city and friendship-city; "
    "memoranda, exchange agreements and letters of intent are left out.",
)
@click.option("--include-inferred", is_flag=True, help="Also pairs that rest on an inferred reading of a cell.")
@click.option(
    "--include-predecessors",
    is_flag=True,
    help="Also agreements signed by a predecessor of today's party (their date is before the item's body existed).",
)
@click.option("--all", "write_all", is_flag=True, help="Do not ask Wikidata: write every pair (offline).")
@wikidata_option
@timeout_option
@source_option
def quickstatements(
    reference_url,
    retrieved,
    categories,
    include_inferred,
    include_predecessors,
    write_all,
    wikidata_endpoint,
    timeout,
    source,
) -> None:
    """QuickStatements (V1) adding P190 (twinned administrative body) for every Taiwan–Japan pair of localities
    with a Wikidata item, both ways, with P580 (start time: the first signing date) and a reference
    (S854 --reference-url, S813 --retrieved).

    Pairs Wikidata already records (either direction) are left out: it is asked at --wikidata-endpoint
    (default: Wikidata's query service), or not at all with --all. A summary goes to standard error."""
    from convert.exports.quickstatements import (
        DEFAULT_CATEGORIES,
        EXISTING_QUERY,
        check_categories,
        check_reference,
        recorded,
        select,
        statements,
        summary,
    )
    from convert.read import load_edition

    day = check_reference(reference_url, retrieved)
    edition = load_edition(source)
    check_categories(edition, tuple(categories))
    selection = select(edition, tuple(categories) or DEFAULT_CATEGORIES, include_inferred, include_predecessors)
    pairs, known = selection.pairs, set()
    if not write_all:
        from convert.sparql import WIKIDATA_SPARQL, ask, catalogue

        answer = ask(
            catalogue()[EXISTING_QUERY], {}, wikidata_endpoint=wikidata_endpoint or WIKIDATA_SPARQL, timeout=timeout
        )
        known = recorded(answer)
    both = [p for p in pairs if {(p.taiwan.qid, p.japan.qid), (p.japan.qid, p.taiwan.qid)} <= known]
    halves = [p for p in pairs if p not in both and {(p.taiwan.qid, p.japan.qid), (p.japan.qid, p.taiwan.qid)} & known]
    pairs = [p for p in pairs if p not in both]
    text = statements(pairs, reference_url, day, known)
    sys.stdout.write(text)
    already = 2 * len(both) + len(halves)
    click.echo(
        summary(selection, len(pairs), already, not write_all, text.count("\n"), len(halves)), err=True, nl=False
    )


@cli.command()
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["markdown", "csv"]), default="markdown", show_default=True)
def diff(old: Path, new: Path, fmt: str) -> None:
    """What changed between two editions: agreements added, removed and changed.

    OLD and NEW are source texts of the list or release folders. Agreements are matched by their parties, so a
    corrected date or type is a change and a renumbered list is none."""
    from convert.read.diff import compare, entries, markdown, table

    changes = compare(entries(old), entries(new))
    click.echo(markdown(changes, old.name, new.name) if fmt == "markdown" else table(changes), nl=False)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--output", type=click.Path(file_okay=False, path_type=Path), default=None, help="The release. Default: output/."
)
@click.option(
    "--site", type=click.Path(file_okay=False, path_type=Path), default=None, help="The site. Default: site/."
)
@click.option("--timeout", default=10.0, show_default=True, help="Seconds a SPARQL query may run; then it is stopped.")
@click.option("--max-query-bytes", default=100_000, show_default=True, help="Largest query (or request body) accepted.")
@click.option("--max-result-bytes", default=20_000_000, show_default=True, help="Largest result sent.")
@click.option("--max-memory", default=2048, show_default=True, help="MiB of memory a query's worker may use.")
@click.option("--workers", default=3, show_default=True, help="Queries evaluated at a time (worker processes).")
@click.option(
    "--per-client",
    default=2,
    show_default=True,
    help="Queries at a time from one client address (fewer than --workers).",
)
def serve(
    host, port, output, site, timeout, max_query_bytes, max_result_bytes, max_memory, workers, per_client
) -> None:
    """Serve the release and the site: pages with content negotiation, /sparql, /query.

    Every IRI path answers 303 to its page or its Turtle, JSON-LD or N-Triples by Accept (or ?format=ttl|jsonld|nt),
    with Vary: Accept, by the same rules as the w3id.org folder (`twjp w3id`). /sparql is the SPARQL 1.1 Protocol,
    read-only, never federated, answered by supervised worker processes bounded in time (--timeout), memory
    (--max-memory) and result size (--max-result-bytes). /query is a query page with the samples.

    Behind a reverse proxy, keep --host 127.0.0.1 and forward a path to this port (the redirects are relative).
    One line per request is logged to standard error; SIGTERM or SIGHUP stops it cleanly."""
    from convert.web.serve import Settings
    from convert.web.serve import serve as run

    settings = Settings(
        output=output or paths.OUTPUT,
        site=site or paths.SITE,
        timeout=timeout,
        max_query_bytes=max_query_bytes,
        max_result_bytes=max_result_bytes,
        memory=max_memory * 1024 * 1024,
        workers=workers,
        per_client=per_client,
    )
    logging.getLogger("twjp").setLevel(logging.INFO)
    run(settings, host, port)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--target", required=True, metavar="URL", help="Where the site is served: the static host's URL, ending in /."
)
@click.option(
    "--maintainer",
    "maintainers",
    multiple=True,
    metavar="TEXT",
    help="A maintainer of the w3id.org folder: name and GitHub account (repeat). Required: none is invented.",
)
@click.option(
    "--output", type=click.Path(file_okay=False, path_type=Path), default=None, help="The release. Default: output/."
)
@click.option(
    "--base", default=None, help="The dataset's base IRI, a folder of w3id.org. Default: https://w3id.org/twjp/."
)
def w3id(directory: Path, target: str, maintainers: tuple[str, ...], output: Path | None, base: str | None) -> None:
    """Write DIRECTORY, the folder of a w3id.org pull request: .htaccess and README.md.

    The rules redirect every IRI of the dataset (303, to the page or the data the Accept header chooses), every
    document and download (302), the landing page and every version IRI to absolute URLs under --target, the static
    host that serves site/; retired agreements answer 301 to their replacement or 410 for their data; every answer
    sends CORS. The README names the maintainers (--maintainer) and the publisher's contact (publisher.tsv)."""
    from convert.read.releases import load_publisher
    from convert.web.w3id import w3id_folder, write_folder

    files = w3id_folder(target, maintainers, output or paths.OUTPUT, base or "https://w3id.org/twjp/", load_publisher())
    write_folder(files, directory)
    click.echo(f"wrote {directory}/.htaccess and {directory}/README.md: copy the folder into a fork of w3id.org")


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except TwjpError as err:
        click.echo(f"error: {err.format()}", err=True)
        sys.exit(err.exit_code)
    except click.exceptions.Abort:
        sys.exit(1)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
