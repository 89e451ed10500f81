"""The twjp command: a thin layer over the pipeline modules."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from convert import __version__, paths
from convert.problems import TwjpError

log = logging.getLogger("twjp")


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
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Release directory. Default: output/.",
)
@click.option("--base", default=None, help="Base IRI of the dataset. Default: https://w3id.org/twjp/.")
@click.option("--check", is_flag=True, help="Build in memory and fail if the committed output/ differs.")
def build(source: Path | None, output: Path | None, base: str | None, check: bool) -> None:
    """Read, resolve, convert and validate the list, and write the release into output/."""
    from convert.build import load_edition
    from convert.graph import DEFAULT_BASE
    from convert.publish import build_release, differing_files, replace_directory

    output = output or paths.OUTPUT
    edition = load_edition(source)
    release = build_release(edition, base or DEFAULT_BASE, previous=output)
    files = release.files
    if check:
        stale = differing_files(files, output)
        if stale:
            raise click.ClickException(
                f"{output} is not what the sources produce ({', '.join(stale)}); run `twjp build` and commit output/"
            )
        click.echo(f"{output} is up to date ({len(files)} files)")
        return
    replace_directory(files, output)
    click.echo(edition.summary())
    v = release.validation
    click.echo(f"{len(release.triples)} triples; SHACL: {len(v.violations)} violations, {len(v.warnings)} warnings")
    click.echo(f"wrote {len(files)} files to {output}")


@cli.command("validate")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--engine",
    type=click.Choice(["turbo", "pyshacl"]),
    default="turbo",
    show_default=True,
    help="SHACL engine: pyshacl-turbo (fast) or pyshacl (the reference implementation).",
)
def validate_command(file: Path | None, engine: str) -> None:
    """Validate an RDF file (default: output/twjp.ttl) against the shapes; report in plain words."""
    from convert.validate import validate_file

    result = validate_file(file or paths.OUTPUT / "twjp.ttl", engine)
    click.echo(result.text(), nl=False)
    if not result.conforms:
        sys.exit(1)


@cli.command()
def canonicalize() -> None:
    """Rewrite the curated tables of convert/data in canonical form (sorted rows, fixed columns)."""
    from convert.curated import rewrite_all

    for name, changed in rewrite_all():
        click.echo(f"{name}: {'rewritten' if changed else 'already canonical'}")


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except TwjpError as err:
        click.echo(f"error: {err.format()}", err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        sys.exit(1)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
