"""Web: the release in, the linked-data site out — a page and Turtle, JSON-LD and N-Triples for every IRI the
dataset mints, a landing page (map, timeline, search), and the w3id.org rules, all from one route table."""

from convert.web.routes import FORMATS, ROUTES, htaccess, negotiate, route
from convert.web.site import SITE_MARK, Site, build_site

__all__ = ["FORMATS", "ROUTES", "SITE_MARK", "Site", "build_site", "htaccess", "negotiate", "route"]
