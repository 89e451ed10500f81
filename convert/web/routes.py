"""One table of routes and one content-negotiation rule for every IRI the dataset mints, which both servers follow:
the w3id.org rules (`w3id_htaccess`, a switchboard redirecting to a plain static host) are generated from them,
and `twjp serve` answers with `answer`, which evaluates the very same rules. The static site (site/) is laid out
by `document`.

An IRI `BASE/PATH` is described by the documents `PATH.html`, `PATH.ttl`, `PATH.jsonld` and `PATH.nt` of the site,
beside it; the landing page `BASE/` by `index.html` (and the catalogue's data, `catalog.ttl`…); `BASE/data/PATH`
is the format-neutral data document of `PATH` (its page for a browser); the ontology's terms (`ontology#Term`)
are anchors of its page. Following "Cool URIs for the Semantic Web", an IRI answers 303 See Other to the document
the `Accept` header chooses (`negotiate`), a document's own URL answers 302 to where the host keeps it, and an
IRI nothing in `Accept` can be given for answers 406.

Content negotiation (RFC 9110 §12.5.1, as far as a rewrite rule can say it): each format's quality is that of the
most specific media range naming it (`text/turtle`, else `text/*`, else `*/*`; `application/xhtml+xml` counts for
HTML only when named); a range with `q=0` excludes; qualities are compared to their first decimal (0.85 counts as
0.8; 0 < q < 0.1 is lowest), and ties go to the order HTML, Turtle, JSON-LD, N-Triples; no `Accept` header means
HTML; `?format=html|ttl|jsonld|nt` overrides. The rules are regular expressions (RULES); Apache (PCRE) and Python
(`re`) read them alike."""

from __future__ import annotations

import re
from dataclasses import dataclass

# format -> media type of its documents, in the order ties are broken
FORMATS = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
MEDIA_TYPES = {media: fmt for fmt, media in FORMATS.items()}
DATA_FORMATS = ("ttl", "jsonld", "nt")
# media types that ask for a format beside its own: counted only where named, never through a wildcard
ALSO_ASKED_BY = {"html": ("application/xhtml+xml",)}

# one path segment: words, then version-like dotted numbers (1.0, 0.3.0, twjp-0.3.0), never a file extension
SEGMENT = r"[A-Za-z0-9_-]+(?:\.[0-9]+)*"


@dataclass(frozen=True)
class Route:
    """A kind of IRI: the first segment of its path (or the whole path), what it names, and how many segments may
    follow (0 for an IRI that is the prefix itself: `dataset`)."""

    prefix: str
    kind: str
    depth: int = 1

    @property
    def pattern(self) -> str:
        if self.depth == 0:
            return re.escape(self.prefix)
        rest = f"(?:/{SEGMENT}){{0,{self.depth - 1}}}" if self.depth > 1 else ""
        return f"{re.escape(self.prefix)}/{SEGMENT}{rest}"


ROUTES = (
    Route("agreement", "agreement"),
    Route("locality", "locality", 2),  # locality/ID, …/location, …/formation, …/wikidata-mapping
    Route("group", "group"),
    Route("concept", "concept", 2),  # concept/SCHEME, concept/SCHEME/ID
    Route("source", "source"),
    Route("dataset", "dataset", 0),
    Route("dataset", "dataset", 4),  # dataset/1.0, …/distribution/turtle, …/distribution/turtle/sha256
    Route("catalog", "catalog", 0),
    Route("publisher", "agent", 0),
    Route("contact", "agent", 0),
    Route("place", "place"),
    Route("access", "rights"),
    Route("software", "software"),
    Route("ontology", "ontology", 0),
    Route("ontology", "ontology"),  # ontology/VERSION
    Route("shapes", "shapes", 0),
    Route("shapes", "shapes"),  # shapes/VERSION
)
IRI = "(?:" + "|".join(r.pattern for r in ROUTES) + ")"
IRI_PATH = re.compile(IRI)
DOCUMENT_PATH = re.compile(f"({IRI})\\.(html|ttl|jsonld|nt)")
DATA_DOCUMENT_PATH = re.compile(f"data/({IRI})")
# the site's own files that are not documents of an IRI: served as they are (release downloads, assets, lists)
SITE_FILE = re.compile(
    r"release/[A-Za-z0-9._-]+/(?:[A-Za-z0-9._-]+/)*(?:[A-Za-z0-9._-]+)?"
    r"|static/(?:[A-Za-z0-9._-]+/)*[A-Za-z0-9._-]+"
    r"|(?:index|agreements|localities|concepts|query|shapes|404)\.html|search-index\.json|[a-z0-9-]+\.(?:atom|geojson)"
)


def route(path: str) -> Route | None:
    """The route of an IRI's path below the base (no leading slash), or None if the dataset mints no such IRI."""
    if not IRI_PATH.fullmatch(path):
        return None
    first = path.split("/", 1)[0]
    exact = "/" not in path
    return next(r for r in ROUTES if r.prefix == first and (r.depth == 0) == exact)


def document(path: str, fmt: str) -> str:
    """The site's document for an IRI's path in a format: `locality/tw-63000` -> `locality/tw-63000.html`."""
    return f"{path}.{fmt}"


# ------------------------------------------------------------------ the negotiation rule, as regular expressions


def _range(media: str) -> str:
    """A media range as one element of an Accept header (its parameters after it)."""
    return r"(?:^|,)\s*" + re.escape(media).replace("/", r"/") + r"\s*(?=;|,|$)"


def _in_bucket(media: str, bucket: int) -> str:
    """The media range with a quality in the bucket: 10 for q = 1 (or no q), 1-9 for 0.1-0.9 (first decimal),
    0 for 0 < q < 0.1. A q of 0 is in no bucket."""
    params = r"[^,]*;\s*q\s*=\s*"
    if bucket == 10:
        return _range(media) + f"(?!{params}0)"
    if bucket == 0:
        return _range(media) + f"(?={params}0\\.0[0-9]*[1-9])"
    return _range(media) + f"(?={params}0\\.{bucket})"


def _wildcard(media: str) -> str:
    return media.split("/", 1)[0] + "/*"


@dataclass(frozen=True)
class Rule:
    """One way to choose a format: every condition (a pattern that must, or must not, match the Accept header,
    case ignored) holds."""

    fmt: str
    conditions: tuple[tuple[str, bool], ...]  # (pattern, negated)


def _rules() -> tuple[Rule, ...]:
    out = [Rule("html", ((r"^\s*$", False),))]  # no Accept header: HTML
    for bucket in (10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0):
        for fmt, media in FORMATS.items():
            wild = _wildcard(media)
            out.append(Rule(fmt, ((_in_bucket(media, bucket), False),)))
            out += [Rule(fmt, ((_in_bucket(also, bucket), False),)) for also in ALSO_ASKED_BY.get(fmt, ())]
            out.append(Rule(fmt, ((_range(media), True), (_in_bucket(wild, bucket), False))))
            out.append(Rule(fmt, ((_range(media), True), (_range(wild), True), (_in_bucket("*/*", bucket), False))))
    return tuple(out)


RULES = _rules()
_COMPILED = [(r.fmt, [(re.compile(p, re.IGNORECASE), neg) for p, neg in r.conditions]) for r in RULES]
FORMAT_PARAMETER = re.compile(r"(?:^|&)format=(html|ttl|jsonld|nt)(?:&|$)")


def negotiate(accept: str | None, query: str = "") -> str | None:
    """The format the rules choose for an Accept header (the first rule all of whose conditions hold), or None when
    nothing the header accepts can be given (406). `query` is the URL's query string (`format=ttl` overrides)."""
    m = FORMAT_PARAMETER.search(query or "")
    if m:
        return m.group(1)
    header = accept or ""
    for fmt, conditions in _COMPILED:
        if all(bool(p.search(header)) != neg for p, neg in conditions):
            return fmt
    return None


# ------------------------------------------------------------------ what a request gets


@dataclass(frozen=True)
class Answer:
    """What a request for a path below the base gets: a status, and where to go (a path below the base, for a
    redirect) or what to send (a file of the site)."""

    status: int
    path: str = ""  # the target of a redirect, or the site file to send with 200
    negotiated: bool = False  # chosen by Accept (Vary: Accept)


@dataclass(frozen=True)
class Retired:
    path: str  # agreement/ID
    replacement: str  # agreement/ID, or empty when it is gone


def answer(path: str, accept: str | None, query: str = "", retired: tuple[Retired, ...] = ()) -> Answer:
    """The answer the w3id rules and `twjp serve` give to a path below the base, before any file is looked at: a
    303 to the document of an IRI by Accept, a 301 or 410 for a retired agreement, the site file itself (200 here,
    a 302 to the host under w3id), 406 when Accept admits none of the formats, 404 for anything else."""
    fmt = negotiate(accept, query)
    for r in retired:
        if path == r.path or (DOCUMENT_PATH.fullmatch(path) and DOCUMENT_PATH.fullmatch(path).group(1) == r.path):
            extension = path[len(r.path) :]
            if r.replacement:
                return Answer(301, r.replacement + extension)
            if extension in (".ttl", ".jsonld", ".nt") or (not extension and fmt in DATA_FORMATS):
                return Answer(410)
    if path == "":
        if fmt is None:
            return Answer(406, negotiated=True)
        return Answer(303, "index.html" if fmt == "html" else f"catalog.{fmt}", negotiated=True)
    if DOCUMENT_PATH.fullmatch(path) or SITE_FILE.fullmatch(path):
        return Answer(200, path)
    if m := DATA_DOCUMENT_PATH.fullmatch(path):
        if fmt is None:
            return Answer(406, negotiated=True)
        return Answer(303, document(m.group(1), fmt), negotiated=True)
    if IRI_PATH.fullmatch(path):
        if fmt is None:
            return Answer(406, negotiated=True)
        return Answer(303, document(path, fmt), negotiated=True)
    return Answer(404)


# ------------------------------------------------------------------ the w3id.org rules

ACCEPT_VAR = "TWJP_FMT"


def _cond(pattern: str, negated: bool) -> str:
    return f"RewriteCond %{{HTTP_ACCEPT}} {'!' if negated else ''}{pattern} [NC]"


def w3id_htaccess(target: str, retired: tuple[Retired, ...] = (), header: str = "", mount: str = "/twjp/") -> str:
    """The .htaccess of the w3id.org folder: every IRI, document, download and the landing page redirected to
    absolute URLs under `target` (the static host, ending in /), by the negotiation rule above; retired agreements
    301 to their replacement or 410 for their data; CORS on every answer. `header` is the comment block on top
    (what the folder is, its maintainers and contact); `mount` is the folder's path on w3id.org (a retired IRI
    redirects to its replacement's IRI there, which then negotiates as any IRI does)."""
    if not re.fullmatch(r"https?://[^\s\"'<>\\]+/", target):
        raise ValueError(f"target {target!r} must be an http(s) URL ending in /")
    t = target
    lines = [
        header.rstrip("\n"),
        "# Generated by `twjp w3id` from convert/web/routes.py (the route table and negotiation rule that",
        "# `twjp serve` follows too); do not edit by hand.",
        "",
        "Options -MultiViews",
        "RewriteEngine on",
        f"RewriteBase {mount}",
        'Header always set Access-Control-Allow-Origin "*"',
        'Header always set Access-Control-Expose-Headers "Location, Vary"',
        "Header always merge Vary Accept env=TWJP_NEGOTIATED",
        "",
        f"# 1. The format the Accept header chooses, in {ACCEPT_VAR} (the first rule that matches; none: 406).",
        f"#    {len(RULES)} rules: qualities by first decimal, the most specific range, ties HTML, Turtle,",
        "#    JSON-LD, N-Triples; ?format= overrides.",
        "RewriteCond %{QUERY_STRING} (?:^|&)format=(html|ttl|jsonld|nt)(?:&|$)",
        f"RewriteRule ^ - [E={ACCEPT_VAR}:%1]",
    ]
    for rule in RULES:
        lines.append(f"RewriteCond %{{ENV:{ACCEPT_VAR}}} ^$")
        lines += [_cond(p, neg) for p, neg in rule.conditions]
        lines.append(f"RewriteRule ^ - [E={ACCEPT_VAR}:{rule.fmt}]")
    lines += ["", "# 2. Retired agreements: 301 to what replaces them, or 410 Gone for their data (their page stays)."]
    for r in retired:
        quoted = re.escape(r.path)
        if r.replacement:
            lines.append(f"RewriteRule ^{quoted}(\\.(?:html|ttl|jsonld|nt))?$ {r.replacement}$1 [R=301,L]")
        else:
            lines += [
                f"RewriteRule ^{quoted}\\.(?:ttl|jsonld|nt)$ - [G,L]",
                f"RewriteCond %{{ENV:{ACCEPT_VAR}}} ^(?:ttl|jsonld|nt)$",
                f"RewriteRule ^{quoted}$ - [G,L]",
            ]
    lines += [
        "",
        "# 3. Documents and the site's own files (downloads, assets, lists): 302 to where the host keeps them.",
        f"RewriteRule ^({IRI}\\.(?:html|ttl|jsonld|nt))$ {t}$1 [R=302,L]",
        f"RewriteRule ^({SITE_FILE.pattern})$ {t}$1 [R=302,L]",
        "",
        "# 4. IRIs, their data documents and the landing page: 303 to the document the format names; 406 if none.",
        f"RewriteCond %{{ENV:{ACCEPT_VAR}}} ^$",
        f"RewriteRule ^(?:|data/{IRI}|{IRI})$ - [R=406,L]",
        f"RewriteCond %{{ENV:{ACCEPT_VAR}}} =html",
        f"RewriteRule ^$ {t}index.html [R=303,L,E=TWJP_NEGOTIATED:1]",
        f"RewriteRule ^$ {t}catalog.%{{ENV:{ACCEPT_VAR}}} [R=303,L,E=TWJP_NEGOTIATED:1]",
        f"RewriteRule ^data/({IRI})$ {t}$1.%{{ENV:{ACCEPT_VAR}}} [R=303,L,E=TWJP_NEGOTIATED:1]",
        f"RewriteRule ^({IRI})$ {t}$1.%{{ENV:{ACCEPT_VAR}}} [R=303,L,E=TWJP_NEGOTIATED:1]",
        "# anything else is not the dataset's: 404 here",
        "",
    ]
    return "\n".join(lines)


def relative(target: str, page: str) -> str:
    """The link from a page to a file of the site, both given from the site's root."""
    return "../" * page.count("/") + target if target != "." else ("../" * page.count("/") or "./")
