"""The pages as a person sees them, in a real browser (Debian's headless Chromium, driven by Selenium), served by
the real Apache (a plain static host) or by `twjp serve`: the pixels of the maps (land is drawn as land and sea as
sea, at points the map's own projection gives), every agreement on the map, the visible text of every kind of
page in one language only, the first visit in the browser's language, a forgiving search, the query page
answering with names, keyboard use, axe-core's accessibility rules, and hostile literals shown as text."""

import io
import json
import os
import re
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.web.conftest import needs
from tests.web.test_serve import server  # noqa: F401 (a fixture)
from tests.web.test_site import HOSTILE, hostile_site  # noqa: F401 (a fixture)

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
AXE = Path(__file__).resolve().parent.parent / "data" / "axe" / "axe.min.js"
AGREEMENT = "agreement/tw-63000--jp-141003--2006-05-22.html"  # 臺北市 – 横浜市
# one page of each kind
PAGES = {
    "landing": "index.html",
    "agreement": AGREEMENT,
    "locality": "locality/jp-140007.html",  # 神奈川県: its municipalities' agreements
    "district": "locality/tw-63000070.html",  # 萬華區: no point of its own
    "group": "group/nakaumi-shinjiko-daisen.html",
    "row": "source/cccbd81a90b19387-row-1.html",
    "concept": "concept/category/sister-city.html",
    "list": "agreements.html",
    "ontology": "ontology.html",
    "query": "query.html",
    "not-found": "404.html",
    "dataset": "dataset/1.0.html",
}
LAND = {"Honshu": (36.2, 138.3), "Taiwan": (23.7, 121.0), "Kyushu": (32.7, 131.0), "Hokkaido": (43.4, 142.9)}
SEA = {"Sea of Japan": (39.5, 134.5), "Pacific": (30.0, 140.0), "Taiwan Strait": (24.4, 119.6)}
LAND_RGB, SEA_RGB = (0xE9, 0xE5, 0xD6), (0xAA, 0xCB, 0xE3)


def chromium(tmp_path_factory, languages: str = "en-US,en"):
    needs(
        os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER),
        "Chromium with its driver (chromium, chromium-driver)",
    )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1200,1600",
        "--force-device-scale-factor=1",
        f"--lang={languages.split(',')[0]}",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": languages})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = chromium(tmp_path_factory)
    yield driver
    driver.quit()


def errors(driver) -> list:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]


def visible_text(driver, css) -> str:
    from selenium.webdriver.common.by import By

    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()).strip()


def wait(driver, script: str, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}")


def open_page(driver, url: str, lang: str | None = None) -> None:
    driver.get(url + (f"?lang={lang}" if lang else ""))
    if driver.execute_script("return document.querySelector('.twjp-map') !== null"):
        wait(driver, "return [...document.querySelectorAll('.twjp-map')].every(e => e.dataset.ready === 'true')")


def save(driver, name: str, tmp_path: Path) -> Path:
    """A screenshot, kept in tmp_path (and in $TWJP_SCREENSHOTS when set, for a person to look at)."""
    path = tmp_path / f"{name}.png"
    driver.save_screenshot(str(path))
    if os.environ.get("TWJP_SCREENSHOTS"):
        Path(os.environ["TWJP_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(os.environ["TWJP_SCREENSHOTS"]) / path.name)
    return path


def pixels_at(driver, points: dict[str, tuple[float, float]], hide=("links", "points")) -> dict[str, tuple]:
    """The colour a person sees at each (lat, lon) of the first map: the map's own projection gives the pixel, a
    screenshot gives the colour (with the link and point layers taken off, to see the basemap)."""
    from PIL import Image

    where = driver.execute_script(
        """const m = window.twjpMaps[0]; const hide = arguments[1];
        hide.forEach(k => m.map.removeLayer(m.layers[k]));
        m.element.scrollIntoView({block: 'center'});
        const box = m.element.getBoundingClientRect(); const out = {};
        for (const [name, [lat, lon]] of Object.entries(arguments[0])) {
          const p = m.map.latLngToContainerPoint(L.latLng(lat, lon));
          out[name] = [box.left + p.x, box.top + p.y, p.x >= 0 && p.y >= 0 && p.x < box.width && p.y < box.height];
        }
        return out;""",
        points,
        list(hide),
    )
    time.sleep(0.5)
    image = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    out = {}
    for name, (x, y, inside) in where.items():
        assert inside, f"{name} is outside the map's view"
        out[name] = image.getpixel((round(x), round(y)))
        out[name + " around"] = [
            image.getpixel((round(x) + dx, round(y) + dy)) for dx in range(-3, 4) for dy in range(-3, 4)
        ]
    driver.execute_script(
        "const m = window.twjpMaps[0]; arguments[0].forEach(k => m.layers[k].addTo(m.map));", list(hide)
    )
    return out


def near(colour, expected, tolerance=24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


# ------------------------------------------------------------------ the maps, by their pixels


@pytest.mark.parametrize("lang", ["zh", "ja", "en"])
def test_the_landing_map_draws_land_as_land_and_sea_as_sea(browser, apache, lang, tmp_path):
    open_page(browser, f"{apache.url}/twjp/index.html", lang)
    save(browser, f"landing-{lang}", tmp_path)
    colours = pixels_at(browser, {**LAND, **SEA})
    for name in LAND:
        assert near(colours[name], LAND_RGB), (name, colours[name])
    for name in SEA:
        assert near(colours[name], SEA_RGB), (name, colours[name])
    assert errors(browser) == []


def test_a_record_map_draws_its_pair_over_land_and_sea(browser, apache, tmp_path):
    open_page(browser, f"{apache.url}/twjp/{AGREEMENT}", "en")
    save(browser, "agreement-en", tmp_path)
    colours = pixels_at(browser, {"Taiwan": LAND["Taiwan"], "Pacific": (27.0, 131.0)})
    assert near(colours["Taiwan"], LAND_RGB) and near(colours["Pacific"], SEA_RGB), colours
    # the line between 臺北市 and 横浜市 is drawn: its midpoint is neither land nor sea, but the line's colour
    mid = ((25.04 + 35.44) / 2, (121.56 + 139.64) / 2)
    [line] = browser.execute_script("return window.twjpMaps[0].layers.links.getLayers().map(l => l.options.color)")
    around = pixels_at(browser, {"line": mid}, hide=("points",))["line around"]
    drawn = tuple(int(line[i : i + 2], 16) for i in (1, 3, 5))
    seen = [tuple(round(0.75 * d + 0.25 * s) for d, s in zip(drawn, base, strict=True)) for base in (SEA_RGB, LAND_RGB)]
    best = min(around, key=lambda c: min(sum(abs(a - b) for a, b in zip(c, e, strict=True)) for e in seen))
    assert any(near(best, e, 30) for e in seen), (best, line)  # the line's colour, over the sea or the land


def test_every_agreement_is_on_the_map_with_its_line_or_approximate_mark(browser, apache, built):
    output, _ = built
    geojson = json.loads((output / "agreements.geojson").read_text(encoding="utf-8"))
    links = [f for f in geojson["features"] if f["properties"]["kind"] == "link"]
    store = ox.Store()
    store.load(path=str(output / "twjp.nt"), format=ox.RdfFormat.N_TRIPLES)
    agreements = {
        r["a"].value for r in store.query("SELECT ?a WHERE { ?a a <https://w3id.org/twjp/ontology#Agreement> }")
    }
    open_page(browser, f"{apache.url}/twjp/index.html", "en")
    drawn = browser.execute_script(
        """const m = window.twjpMaps[0];
        const lines = m.layers.links.getLayers();
        return {lines: lines.length, paths: document.querySelectorAll('path.twjp-link').length,
          agreements: [...new Set(lines.flatMap(l => l.feature.properties.agreements.map(a => a.iri)))],
          approximate: document.querySelectorAll('.twjp-point.twjp-approximate').length,
          marks: m.layers.points.getLayers().length};"""
    )
    assert drawn["lines"] == drawn["paths"] == len(links)
    assert set(drawn["agreements"]) == agreements and len(agreements) == 157
    # the caption says how many are approximate, and the hollow marks are there
    approximate = {tuple(f["geometry"]["coordinates"]) for f in geojson["features"]
                   if f["properties"]["kind"] == "locality" and f["properties"]["approximate"]}  # fmt: skip
    owned = {tuple(f["geometry"]["coordinates"]) for f in geojson["features"]
             if f["properties"]["kind"] == "locality" and not f["properties"]["approximate"]}  # fmt: skip
    assert drawn["approximate"] == len(approximate - owned) > 0
    caption = visible_text(browser, ".map-figure figcaption")
    n_approx = sum(
        1 for f in geojson["features"] if f["properties"]["kind"] == "locality" and f["properties"]["approximate"]
    )
    assert f"{len(links)} lines show all 157 agreements" in caption and f"{n_approx} local governments" in caption


def test_a_place_opens_its_record_with_a_click_and_with_the_keyboard(browser, apache):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, f"{apache.url}/twjp/locality/tw-67000.html", "en")
    marker = browser.find_element(By.CSS_SELECTOR, ".twjp-point.twjp-focus")
    assert marker.get_attribute("tabindex") == "0" and "Tainan" in marker.get_attribute("aria-label")
    open_page(browser, f"{apache.url}/twjp/{AGREEMENT}", "en")
    marks = browser.find_elements(By.CSS_SELECTOR, ".twjp-point")
    target = next(m for m in marks if "Yokohama" in (m.get_attribute("title") or ""))
    target.send_keys(Keys.ENTER)
    wait(browser, "return location.pathname.endsWith('/locality/jp-141003.html')")
    assert visible_text(browser, "h1") == "Yokohama"
    open_page(browser, f"{apache.url}/twjp/{AGREEMENT}", "en")
    browser.find_element(By.CSS_SELECTOR, ".twjp-point[title*='Taipei']").click()
    wait(browser, "return location.pathname.endsWith('/locality/tw-63000.html')")


# ------------------------------------------------------------------ languages, as a person reads them

ALLOWED_LATIN = {
    "twjp", "IRI", "SPARQL", "Turtle", "JSON", "LD", "N", "Triples", "CSV", "XLSX", "GeoJSON", "SHA", "CC", "BY",
    "MIT", "Wikidata", "Natural", "Earth", "DCAT", "VoID", "Atom", "Tab", "pyLODE", "WGS84", "OpenCC", "t2jp",
    "Who's", "On", "First", "serve", "Protocol", "sparql", "convert", "data", "source", "citation", "tsv", "rq",
    "SKOS", "SHACL", "violation", "OWL", "Q",
}  # fmt: skip
VISIBLE_TEXT = """
const page = document.documentElement.getAttribute('lang');
const out = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode; const el = node.parentElement;
  if (!node.textContent.trim() || !el) continue;
  if (el.closest('code, pre, textarea, script, style, template, .leaflet-control-attribution')) continue;
  if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
  if (el.closest('.name, .literal')) continue;  // data: names and values, each marked with its own language
  const tagged = el.closest('[lang]');
  // a quotation in another language, marked so (a cell of the list, a title), is not the page's text; a span of
  // the page's words in another language (class t) that is visible is
  if (tagged && tagged.getAttribute('lang') !== page && !tagged.classList.contains('t')) continue;
  out.push(node.textContent);
}
return out;
"""


def chrome_words(lang: str) -> set[str]:
    """The site's words in the other two languages, but for those this language's words also use."""
    from convert.web.languages import WORDS

    index = {"zh": 0, "ja": 1, "en": 2}[lang]
    own = " ".join(texts[index] for texts in WORDS.values())
    out = set()
    for texts in WORDS.values():
        for i, text in enumerate(texts):
            for part in re.split(r"\{[a-z_]+\}", text):
                part = part.strip(" ：:，,。.（）()·;；")
                if i != index and len(part) >= 4 and part not in own:
                    out.add(part)
    return out


def without_names_of_terms(text: str) -> str:
    """Text without IRIs, prefixed names (twjp:Party, void:triples), file names and Wikidata identifiers (P190,
    Q1867): not words of a language."""
    return re.sub(r"\S+:\S+|https?://\S+|\S+\.\w{2,8}\b|\b[PQ]\d+\b", " ", text)


@pytest.mark.parametrize("lang", ["zh", "ja", "en"])
@pytest.mark.parametrize("kind", PAGES)
def test_every_kind_of_page_shows_one_language(browser, apache, kind, lang):
    open_page(browser, f"{apache.url}/twjp/{PAGES[kind]}", lang)
    html_lang = {"zh": "zh-Hant", "ja": "ja", "en": "en"}[lang]
    assert browser.execute_script("return document.documentElement.lang") == html_lang
    title = browser.execute_script(f"return document.documentElement.getAttribute('data-title-{lang}')")
    assert browser.title == title and title
    texts = browser.execute_script(VISIBLE_TEXT)
    assert texts, "no text in the page's language"
    whole = without_names_of_terms(" ".join(texts))
    others = [w for w in chrome_words(lang) if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", whole)]
    assert not others, f"words of another language on the {lang} page: {others[:5]}"
    for text in texts:
        if lang in ("zh", "ja"):
            words = re.findall(r"[A-Za-z][A-Za-z0-9'’]+", without_names_of_terms(text))
            stray = [w for w in words if w not in ALLOWED_LATIN]
            assert not stray, f"English on the {lang} page: {text!r}"
        else:
            assert not re.search(r"[\u3040-\u30ff\u3400-\u9fff]", text), f"CJK in the English page's text: {text!r}"
    assert errors(browser) == []


@pytest.mark.parametrize(
    "languages,expected",
    [("ja-JP,ja,en", "ja"), ("zh-TW,zh,en", "zh"), ("en-GB,en", "en"), ("fr-FR,fr", "en"), ("de,zh-CN,ja", "zh")],
)
def test_the_first_visit_follows_the_browsers_languages(tmp_path_factory, apache, languages, expected):
    driver = chromium(tmp_path_factory, languages)
    try:
        driver.get(f"{apache.url}/twjp/locality/jp-141003.html")
        assert driver.execute_script("return document.documentElement.getAttribute('data-lang')") == expected
        assert visible_text(driver, "h1") == {"ja": "横浜市", "zh": "橫濱市", "en": "Yokohama"}[expected]
        # ?lang= overrides, and is remembered on the next page
        other = "en" if expected != "en" else "ja"
        driver.get(f"{apache.url}/twjp/locality/jp-141003.html?lang={other}")
        driver.get(f"{apache.url}/twjp/agreements.html")
        assert driver.execute_script("return document.documentElement.getAttribute('data-lang')") == other
    finally:
        driver.quit()


def test_the_language_switch_changes_the_names_and_is_remembered(browser, apache):
    from selenium.webdriver.common.by import By

    open_page(browser, f"{apache.url}/twjp/locality/jp-141003.html", "zh")
    assert visible_text(browser, "h1") == "橫濱市"
    browser.find_element(By.CSS_SELECTOR, '[data-set-lang="en"]').click()
    assert visible_text(browser, "h1") == "Yokohama"
    assert browser.find_element(By.CSS_SELECTOR, '[data-set-lang="en"]').get_attribute("aria-pressed") == "true"
    browser.find_element(By.CSS_SELECTOR, '[data-set-lang="ja"]').click()
    assert visible_text(browser, "h1") == "横浜市" and browser.title.startswith("横浜市")
    browser.get(f"{apache.url}/twjp/locality/tw-67000.html")  # another page: the choice is remembered
    assert visible_text(browser, "h1") == "台南市"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ja"


# ------------------------------------------------------------------ the search


def search(driver, url: str, text: str) -> tuple[list[str], str]:
    from selenium.webdriver.common.by import By

    open_page(driver, url, "en")
    wait(driver, "return document.getElementById('search') !== null")
    box = driver.find_element(By.ID, "search")
    box.clear()
    box.send_keys(text)
    wait(driver, "return document.getElementById('search-status').textContent.length > 0")
    hrefs = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#results a")]
    return hrefs, visible_text(driver, "#search-status")


@pytest.mark.parametrize(
    "text,first",
    [
        ("Yokohamma", "locality/jp-141003.html"),  # a typo
        ("choshi", "locality/jp-122025.html"),  # 銚子市, Chōshi: the macron folded
        ("CHŌSHI", "locality/jp-122025.html"),
        ("Yokohama City", "locality/jp-141003.html"),  # the kind of body dropped
        ("横浜", "locality/jp-141003.html"),
        ("橫濱", "locality/jp-141003.html"),  # the list's traditional characters
        ("台南", "locality/tw-67000.html"),
        ("Tainan", "locality/tw-67000.html"),
        ("141003", "locality/jp-141003.html"),  # a code
    ],
)
def test_the_search_forgives_and_lists_localities_first(browser, apache, text, first):
    hrefs, status = search(browser, f"{apache.url}/twjp/index.html", text)
    assert hrefs and hrefs[0].endswith("/twjp/" + first), (hrefs[:3], status)
    n = int(re.search(r"(\d+) found", status).group(1))
    assert n >= len(hrefs) >= 1


def test_the_search_says_when_nothing_matches_and_what_is_near(browser, apache):
    hrefs, status = search(browser, f"{apache.url}/twjp/index.html", "qqqzzzxx")
    assert status == "No name matches." and hrefs == []
    hrefs, status = search(browser, f"{apache.url}/twjp/index.html", "Yokohamaaaa")
    assert status.startswith("No name matches. Did you mean:") and hrefs, status
    assert hrefs[0].endswith("/twjp/locality/jp-141003.html")


# ------------------------------------------------------------------ accessibility and keyboard


@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_serious_or_critical_violation(browser, apache, kind):
    open_page(browser, f"{apache.url}/twjp/{PAGES[kind]}", "ja")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        """const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
          .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                target: v.nodes[0].target.join(' ')}))));"""
    )
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_the_keyboard_reaches_the_content_first_and_the_language_switch(browser, apache):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_page(browser, f"{apache.url}/twjp/index.html", "en")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.execute_script("return document.activeElement.className") == "skip"
    assert browser.execute_script("return document.activeElement.getBoundingClientRect().left >= 0")
    focused = []
    for _ in range(12):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        focused.append(browser.execute_script("return document.activeElement.getAttribute('data-set-lang')"))
    assert "ja" in focused
    browser.execute_script("document.querySelector('[data-set-lang=\"ja\"]').focus()")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.execute_script("return document.documentElement.lang") == "ja"


# ------------------------------------------------------------------ served by twjp serve: the query page


def test_the_query_page_runs_a_parameterised_sample_and_shows_names(browser, server):  # noqa: F811
    from selenium.webdriver.common.by import By

    open_page(browser, f"{server['url']}/query.html", "en")
    assert visible_text(browser, ".endpoint") == f"{server['url']}/sparql"
    browser.find_element(By.CSS_SELECTOR, 'button.sample[data-name="agreements-of-locality"]').click()
    assert 'VALUES ?name { "臺南市"' in browser.find_element(By.ID, "query").get_attribute("value")
    wait(browser, "return /\\d+ rows/.test(document.getElementById('query-status').textContent)")
    rows = int(re.search(r"(\d+) rows", visible_text(browser, "#query-status")).group(1))
    assert rows > 0
    table = visible_text(browser, "#query-results")
    assert "^^" not in table and "Tainan City" in table and "http://www.w3.org/2001/XMLSchema" not in table
    assert errors(browser) == []


def test_through_twjp_serve_an_iri_typed_in_the_browser_opens_its_page(browser, server):  # noqa: F811
    browser.get(f"{server['url']}/locality/tw-67000?lang=zh")
    assert browser.current_url.endswith("/locality/tw-67000.html?lang=zh") or "/locality/tw-67000.html" in (
        browser.current_url
    )
    assert visible_text(browser, "h1") == "臺南市"
    assert errors(browser) == []


def test_hostile_literals_are_shown_as_text_and_run_nothing(browser, apache, built, hostile_site):  # noqa: F811
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    _, site = built
    root = site.parent / "hostile"
    shutil.rmtree(root, ignore_errors=True)
    for name, content in hostile_site.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
        path.write_bytes(content)
    for d in [root, *root.rglob("*")]:
        d.chmod(0o755 if d.is_dir() else 0o644)
    for page in ("locality/jp-141003.html", "locality/tw-63000.html", "index.html", "agreements.html"):
        open_page(browser, f"{apache.url}/hostile/{page}", "en")
        time.sleep(0.3)
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018
        assert not browser.find_elements(By.CSS_SELECTOR, "img[src='x']")
    open_page(browser, f"{apache.url}/hostile/locality/jp-141003.html", "en")
    assert visible_text(browser, "h1") == HOSTILE[0]
