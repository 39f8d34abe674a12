"""The web app in Debian's Chromium, headless: upload, highlights, review by keyboard, case file, search.

Screenshots of each page go to `build/screenshots/`. Playwright never downloads a browser here: it
drives /usr/bin/chromium, and the tests are skipped when that is absent (`make browser` installs it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_web_support import DEMO, HOSTILE_TEXT, PASSWORD, REPO, serving

from aigak.store.engine import Store
from aigak.web.server import BackgroundServer

pytest_plugins = ["test_web_support"]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = REPO / "build" / "screenshots"
WAIT_MS = 90_000  # the first upload loads the language model

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium "
                                                     "(`make browser` or `apt-get install chromium`)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def site(web_store: Store) -> Iterator[BackgroundServer]:
    with serving(web_store) as server:
        yield server


@pytest.fixture
def page(browser: Any, site: BackgroundServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 900}, base_url=site.url)
    # Nothing may load from the network: every request must go to the app itself.
    outside: list[str] = []
    context.route(re.compile(r"^(?!" + re.escape(site.url) + r").*"),
                  lambda route: (outside.append(route.request.url), route.abort()))
    pg = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.dialogs = dialogs
    yield pg
    context.close()
    assert not [u for u in outside if not u.startswith("data:")], outside
    # Pages that answer 4xx on purpose log "Failed to load resource"; nothing else may go wrong.
    assert [e for e in errors if "Failed to load resource" not in e] == [], errors


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page: Any, username: str) -> None:
    page.goto("/")
    assert "/login" in page.url
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def upload(page: Any, path: Path | None = None, *, name: str = "", data: bytes = b"") -> str:
    """Upload one file through the page (XHR with progress) and return the reader's address."""
    page.goto("/sources")
    if path is not None:
        page.set_input_files("#files", str(path))
    else:
        page.set_input_files("#files", files=[{"name": name, "mimeType": "text/plain", "buffer": data}])
    page.click("#upload-form button[type=submit]")
    link = page.wait_for_selector("#upload-list a", timeout=WAIT_MS)
    assert page.locator("#upload-list progress").first.get_attribute("value") == "100"
    return str(link.get_attribute("href"))


def test_upload_review_case_file_and_search(page: Any) -> None:
    page.goto("/")
    shot(page, "01-login")
    sign_in(page, "editor")
    shot(page, "02-overview")

    reader = upload(page, DEMO / "testimony.txt")
    page.wait_for_selector(f"#sources-table a[href='{reader}']")
    shot(page, "03-sources")
    page.goto(reader)
    assert page.locator(".hl.event").count() > 3
    assert page.locator(".hl.person").count() > 3 and page.locator(".hl.place").count() > 3
    assert "Kuralay Nurlanqyzy" in page.inner_text("#doc-text")
    page.locator(".hl.person").first.click()
    assert page.locator(".fact-card.active").count() >= 1
    page.locator(".fact-card.event .show-evidence").first.click()
    assert page.locator(".hl.flash").count() >= 1
    shot(page, "04-reader")

    # Review by keyboard: confirm one of the witness's events, reject another of hers.
    page.goto("/review?kind=event")
    decided: dict[str, str] = {}
    for _ in range(40):
        card = page.wait_for_selector("#review-card")
        fact_id = str(card.get_attribute("data-fact"))
        who = page.locator("dl.record dd").nth(1).inner_text()
        if "Kuralay" in who and "confirm" not in decided:
            shot(page, "05-review")
            key, decided["confirm"] = "c", fact_id
        elif "Kuralay" in who and "reject" not in decided:
            key, decided["reject"] = "r", fact_id
        else:
            key = "n"
        with page.expect_navigation():
            page.keyboard.press(key)
        if len(decided) == 2:
            break
    assert set(decided) == {"confirm", "reject"}

    page.goto(f"/facts/{decided['confirm']}")
    assert page.locator(".badge.confirmed").count() >= 1 and "web:editor" in page.inner_text("table.history")
    shot(page, "06-fact")

    # The reader's button opens the queue of that source only, and a fact's own page takes the same keys.
    page.goto(reader)
    page.click("a.button.primary:has-text('Review this source')")
    assert "document=" in page.url and page.locator("#queue-filter").count() == 1
    pending = str(page.wait_for_selector("#review-card").get_attribute("data-fact"))
    page.goto(f"/facts/{pending}")
    with page.expect_navigation():
        page.keyboard.press("c")
    assert page.locator(".badge.confirmed").count() >= 1

    page.goto("/people")
    page.fill("#pq", "Kuralay")
    page.click("form[action='/people'] button[type=submit]")
    page.locator("#people-table a", has_text="Kuralay Nurlanqyzy").first.click()
    page.wait_for_selector("#timeline-chart")
    timeline = page.locator("table.timeline-table")
    assert timeline.locator(f"a[href='/facts/{decided['confirm']}']").count() == 1
    assert timeline.locator(f"a[href='/facts/{decided['reject']}']").count() == 0
    row = timeline.locator("tr", has=page.locator(f"a[href='/facts/{decided['confirm']}']"))
    assert "confirmed" in row.inner_text()
    shot(page, "07-case-file")

    page.goto("/search")
    page.fill("#place", "Almaty")
    page.click("#search-form button[type=submit]")
    hits = page.locator(".fact-hit")
    assert hits.count() >= 1
    assert all("Almaty" in hits.nth(i).inner_text() for i in range(hits.count()))
    evidence = hits.first.locator("a", has_text="evidence").get_attribute("href")
    assert re.match(r"^/sources/\d+#f\d+$", str(evidence))
    shot(page, "08-search")

    page.goto("/stats")
    assert page.locator("#chart-type svg a").count() >= 3
    shot(page, "09-statistics")
    assert page.dialogs == []


def test_hostile_text_renders_as_text_everywhere(page: Any) -> None:
    sign_in(page, "editor")
    reader = upload(page, name="hostile.txt", data=HOSTILE_TEXT.encode())
    page.goto(reader)
    text = page.inner_text("#doc-text")
    assert "<script>alert('xss-doc')</script>" in text and "<img src=x onerror=alert('xss-img')>" in text
    assert page.locator("#doc-text script, #doc-text img, #doc-text iframe, #doc-text svg").count() == 0
    shot(page, "10-hostile-reader")
    payload = "<script>alert('xss-q')</script><img src=x onerror=alert('xss-q')>"
    page.goto("/search")
    page.fill("#q", payload)
    page.fill("#place", payload)
    page.click("#search-form button[type=submit]")
    assert page.input_value("#q") == payload
    page.goto("/sources")
    page.fill("#q", payload)
    page.click("form[action='/sources'] button[type=submit]")
    page.goto("/review")
    page.goto("/people?q=" + payload)
    assert page.dialogs == [], "no script from the text or the queries ran"


def test_admin_sees_users_and_can_print_a_case_file(page: Any, web_store: Store) -> None:
    from test_web_support import seed_demo

    seed_demo(web_store)
    sign_in(page, "admin")
    page.goto("/admin/users")
    assert page.locator("table tbody tr").count() == 4
    shot(page, "11-users")
    page.goto("/people/1")
    page.emulate_media(media="print")
    assert page.locator("nav.main").is_hidden() and page.locator("#timeline-chart").is_visible()
    shot(page, "12-case-file-print")


PHONE_WIDTH_PX = 390


@pytest.mark.parametrize("path", ["/people/1", "/sources/1", "/review?kind=event", "/people", "/sources", "/facts/1"],
                         ids=["case-file", "reader", "review", "people", "sources", "fact"])
def test_pages_fit_a_phone_and_wide_tables_scroll_inside_their_panels(page: Any, web_store: Store, path: str) -> None:
    from test_web_support import seed_demo, seed_note_about

    seed_demo(web_store)
    seed_note_about(web_store, "Aigerim Nurlanqyzy-Serikbayqyzy Tursynbekovna-Abdikarimova")
    sign_in(page, "editor")
    page.set_viewport_size({"width": PHONE_WIDTH_PX, "height": 844})
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH_PX, f"{path} is {width} px wide on a {PHONE_WIDTH_PX} px screen"
    if path == "/people/1":
        # the tables and the chart keep a readable width and scroll sideways within their panel
        chart = page.locator(".chart-scroll").first
        assert chart.evaluate("e => e.scrollWidth > e.clientWidth")
        assert page.locator("#timeline-chart").bounding_box()["width"] >= 600
        table = page.locator("#timeline .table-scroll").first
        assert table.evaluate("e => e.getBoundingClientRect().right") <= PHONE_WIDTH_PX
        shot(page, "13-case-file-phone")
