"""changes.atom: an Atom feed (RFC 4287) of the agreements added, changed and retired in each release, as `twjp
diff` finds them between the release's edition and the previous one's (the first release adds every agreement).
Each entry links the agreement's IRI; its id is a tag URI of the release and the agreement, so a reader sees each
change once. Deterministic: the dates are the releases' own."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from convert.read import Edition
from convert.read.diff import Change, Entry, compare, entries_of_edition, entries_of_source
from convert.read.edition import edition_path

TITLES = {"added": "Added", "removed": "Retired", "changed": "Changed"}


def release_changes(edition: Edition) -> list[tuple[object, list[Change]]]:
    """Each release with what it changed against the one before it (the first: every agreement added)."""
    out = []
    previous: list[Entry] | None = None
    for i, release in enumerate(edition.releases):
        last = i == len(edition.releases) - 1
        current = entries_of_edition(edition) if last else entries_of_source(edition_path(edition, release.source))
        if previous is None:
            changes = [Change("added", None, e) for e in sorted(current, key=lambda e: (e.date, e.id))]
        else:
            changes = compare(previous, current)
        out.append((release, changes))
        previous = current
    return out


def entry_xml(base: str, year: str, version: str, updated: str, c: Change) -> str:
    e = c.new or c.old
    iri = f"{base}agreement/{e.id}"
    title = f"{TITLES[c.kind]} in release {version}: {e.taiwan_name} – {e.japan_name}, {e.type} ({e.date})"
    if c.kind == "changed":
        summary = "; ".join(f"{f}: {getattr(c.old, f)} → {getattr(c.new, f)}" for f in c.fields)
    elif c.kind == "removed":
        summary = f"No longer in the list (it was row {e.row}); its IRI keeps its page and says why."
    else:
        summary = f"Row {e.row} of the list."
    return (
        "<entry>\n"
        f"<id>{escape(tag(base, year, version, c.kind, e.id))}</id>\n"
        f'<title xml:lang="en">{escape(title)}</title>\n'
        f'<link rel="alternate" href={quoteattr(iri)}/>\n'
        f"<updated>{updated}</updated>\n"
        f'<category term="{c.kind}" label="{TITLES[c.kind]}"/>\n'
        f'<summary xml:lang="en">{escape(summary)}</summary>\n'
        "</entry>\n"
    )


def tag(base: str, year: str, version: str, kind: str, agreement: str) -> str:
    """A tag URI (RFC 4151) of one change: the base's host and path, the year of the first release."""
    host, _, path = base.split("://", 1)[-1].partition("/")
    return f"tag:{host},{year}:{path.strip('/')}/release/{version}/{kind}/{agreement}"


def changes_feed(edition: Edition, base: str) -> bytes:
    history = release_changes(edition)
    last = edition.releases[-1]
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n',
        f"<id>{escape(base)}changes.atom</id>\n",
        "<title>twjp: agreements added, changed and retired, release by release</title>\n",
        f'<link rel="self" type="application/atom+xml" href={quoteattr(base + "changes.atom")}/>\n',
        f'<link rel="alternate" type="text/html" href={quoteattr(base)}/>\n',
        f"<updated>{last.issued}T00:00:00Z</updated>\n",
        "<author><name>twjp project</name></author>\n",
        "<rights>CC BY 4.0</rights>\n",
    ]
    for release, changes in reversed(history):
        updated = f"{release.issued}T00:00:00Z"
        year = edition.releases[0].issued[:4]
        parts += [entry_xml(base, year, release.version, updated, c) for c in changes]
    parts.append("</feed>\n")
    return "".join(parts).encode("utf-8")
