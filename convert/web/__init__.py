"""Web: the release in, the linked-data site out — a page and Turtle, JSON-LD and N-Triples for every IRI the
dataset mints, a landing page (map, timeline, search), the w3id.org rules and `twjp serve`, all from one route
table and one negotiation rule (routes)."""

from convert.web.routes import FORMATS, ROUTES, answer, negotiate, route, w3id_htaccess
from convert.web.site import SITE_MARK, Site, build_site

__all__ = ["FORMATS", "ROUTES", "SITE_MARK", "Site", "answer", "build_site", "negotiate", "route", "w3id_htaccess"]
