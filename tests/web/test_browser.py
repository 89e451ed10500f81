"""The pages in a real browser (Debian's headless Chromium, driven by Selenium), served by the real Apache:
no console error, Chinese and Japanese rendered, the map, the language switch, the search, and hostile
literals shown as text."""

import os
import shutil
import time

import pyoxigraph as ox
import pytest

from tests.web.conftest import needs
from tests.web.test_serve import server  # noqa: F401 (a fixture)
from tests.web.test_site import HOSTILE, hostile_site  # noqa: F401 (a fixture)

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
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
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def errors(driver) -> list:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def visible_text(driver, css) -> str:
    from selenium.webdriver.common.by import By

    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()).strip()


def test_the_landing_page_renders_without_error_in_three_scripts(browser, apache, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(f"{apache.url}/twjp/")
    assert errors(browser) == []
    title = browser.find_element(By.CSS_SELECTOR, "h1 .t-zh")
    assert title.is_displayed() and title.size["width"] > 200  # glyphs have width: the CJK font is there
    assert title.text.startswith("twjp：臺灣")
    shot = tmp_path / "landing.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 50_000  # not a blank page


def test_the_map_has_one_line_per_pair_and_a_point_opens_its_locality(browser, apache, built):
    from selenium.webdriver.common.by import By

    output, _ = built
    store = ox.Store()
    store.load(path=str(output / "twjp.ttl"), format=ox.RdfFormat.TURTLE)
    pairs = store.query(
        """PREFIX twjp: <https://w3id.org/twjp/ontology#> PREFIX wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#>
        SELECT (COUNT(DISTINCT CONCAT(STR(?tw), STR(?jp))) AS ?n) WHERE {
          ?a twjp:taiwaneseParty ?tw ; twjp:japaneseParty ?jp . ?tw wgs:lat ?x . ?jp wgs:lat ?y }"""
    )
    expected = int(next(iter(pairs))["n"].value)
    browser.get(f"{apache.url}/twjp/")
    lines = browser.find_elements(By.CSS_SELECTOR, "#partner-map line.link")
    assert len(lines) == expected > 100
    point = browser.find_element(By.CSS_SELECTOR, '#partner-map circle.point[data-id="locality/tw-67000"]')
    browser.execute_script("arguments[0].parentNode.dispatchEvent(new MouseEvent('click', {bubbles: true}))", point)
    deadline = time.monotonic() + 10
    while not browser.current_url.endswith("/locality/tw-67000.html") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert browser.current_url.endswith("/twjp/locality/tw-67000.html")
    assert visible_text(browser, "h1") == "臺南市"
    assert errors(browser) == []


def test_the_language_switch_changes_the_labels_and_is_remembered(browser, apache):
    from selenium.webdriver.common.by import By

    browser.get(f"{apache.url}/twjp/locality/jp-141003.html")
    assert visible_text(browser, "h1") == "橫濱市"
    browser.find_element(By.CSS_SELECTOR, '[data-set-lang="en"]').click()
    assert visible_text(browser, "h1") == "Yokohama"
    browser.find_element(By.CSS_SELECTOR, '[data-set-lang="ja"]').click()
    assert visible_text(browser, "h1") == "横浜市"
    browser.get(f"{apache.url}/twjp/locality/tw-67000.html")  # another page: the choice is remembered
    assert visible_text(browser, "h1") == "台南市"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ja"
    browser.find_element(By.CSS_SELECTOR, '[data-set-lang="zh"]').click()


@pytest.mark.parametrize(
    "query,target",
    [("横浜", "locality/jp-141003.html"), ("台南", "locality/tw-67000.html"), ("Tainan", "locality/tw-67000.html")],
)
def test_the_search_finds_names_in_three_languages(browser, apache, query, target):
    from selenium.webdriver.common.by import By

    browser.get(f"{apache.url}/twjp/")
    box = browser.find_element(By.ID, "search")
    box.send_keys(query)
    deadline = time.monotonic() + 10
    hrefs = []
    while time.monotonic() < deadline:
        hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#results a")]
        if hrefs:
            break
        time.sleep(0.1)
    assert any(h.endswith("/twjp/" + target) for h in hrefs), hrefs
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
        browser.get(f"{apache.url}/hostile/{page}")
        time.sleep(0.3)
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018
        assert not browser.find_elements(By.CSS_SELECTOR, "img[src='x']")
    browser.get(f"{apache.url}/hostile/locality/jp-141003.html")
    browser.find_element(By.CSS_SELECTOR, '[data-set-lang="en"]').click()
    assert visible_text(browser, "h1") == HOSTILE[0]


def test_through_twjp_serve_an_iri_typed_in_the_browser_opens_its_page(browser, server):  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(f"{server['url']}/locality/tw-67000")
    assert browser.current_url.endswith("/locality/tw-67000.html")
    assert visible_text(browser, "h1") in ("臺南市", "台南市", "Tainan City")
    browser.get(f"{server['url']}/query")
    assert browser.find_elements(By.CSS_SELECTOR, ".yasgui")  # the vendored query page ran
    assert [e for e in errors(browser) if "favicon" not in e["message"]] == []
