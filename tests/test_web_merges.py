"""Case-file actions in the web app: undoing a merge (as `aigak not-same`) and downloading the dossier."""

from __future__ import annotations

import hashlib

import httpx
import lxml.html
import pytest
from test_web_support import assert_error, login, seed_note_about

from aigak.store.audit import audit_history
from aigak.store.engine import Store

pytest_plugins = ["test_web_support"]

pytest.importorskip("aigak.casefile", reason="the person registry is not part of this build")


def _pid(client: httpx.Client, name: str) -> int:
    return int(next(p["id"] for p in client.get("/api/people", params={"q": name}).json()["people"]
                    if p["name"] == name))


def _names(client: httpx.Client, pid: int) -> set[str]:
    return {n["name"] for n in client.get(f"/api/people/{pid}").json()["case_file"]["person"]["names"]}


def test_an_editor_undoes_a_merge_from_the_case_file(client: httpx.Client, web_store: Store, demo_doc: int) -> None:
    seed_note_about(web_store, "K. Nurlanqyzy")
    token = login(client, "editor")
    pid, other = _pid(client, "Kuralay Nurlanqyzy"), _pid(client, "K. Nurlanqyzy")
    assert client.post(f"/people/{pid}/merge", data={"other_id": str(other), "csrf_token": token}).status_code == 303
    assert "K. Nurlanqyzy" in _names(client, pid)
    doc = lxml.html.fromstring(client.get(f"/people/{pid}").text)
    undo = doc.xpath('//section[@id="merges"]//a[contains(@href, "/not-same")]/@href')
    assert undo == [f"/people/{pid}/not-same?other_id={other}"]
    # the link asks first; nothing changes until the form is sent
    confirm = lxml.html.fromstring(client.get(undo[0]).text)
    assert "K. Nurlanqyzy" in confirm.get_element_by_id("not-same").text_content()
    assert "K. Nurlanqyzy" in _names(client, pid)
    form = {i.get("name"): i.get("value") for i in confirm.xpath('//form[@id="not-same-form"]//input')}
    assert form["csrf_token"] == token and form["other_id"] == str(other)
    done = client.post(f"/people/{pid}/not-same", data=form)
    assert done.status_code == 303 and done.headers["location"] == f"/people/{pid}?separated={other}"
    assert "K. Nurlanqyzy" not in _names(client, pid)
    after = lxml.html.fromstring(client.get(done.headers["location"]).text)
    assert after.xpath('//section[@id="merges"]') == [] and after.get_element_by_id("separated-notice") is not None
    assert client.get(f"/api/people/{pid}/matches").json()["matches"] == [], "kept apart: not offered again"
    with web_store.read() as conn:
        actions = [r.action for r in audit_history(conn) if r.actor == "web:editor"]
    assert "split" in actions and "keep_apart" in actions


def test_not_same_api_and_who_may_use_it(client: httpx.Client, web_store: Store, demo_doc: int) -> None:
    seed_note_about(web_store, "Nurlanqyzy")
    token = login(client, "editor")
    headers = {"X-CSRF-Token": token}
    pid, other = _pid(client, "Kuralay Nurlanqyzy"), _pid(client, "Nurlanqyzy")
    client.post(f"/api/people/{pid}/merge", json={"other_id": other}, headers=headers)
    merges = client.get(f"/api/people/{pid}/merges").json()["merges"]
    assert [(m["absorbed_id"], m["kind"], m["actor"]) for m in merges] == [(other, "user", "web:editor")]
    # without the CSRF token nothing happens
    assert client.post(f"/api/people/{pid}/not-same", json={"other_id": other}).status_code == 403
    done = client.post(f"/api/people/{pid}/not-same", json={"other_id": other}, headers=headers).json()
    assert done["taken_out"] == other and done["undone_merge"] == merges[0]["merge_id"] and done["moved_mentions"] >= 1
    assert client.get(f"/api/people/{pid}/merges").json()["merges"] == []
    assert_error(client.post(f"/api/people/{pid}/not-same", json={"other_id": pid}, headers=headers), 422)
    viewer_token = login(client, "viewer")
    assert_error(client.post(f"/api/people/{pid}/not-same", json={"other_id": other},
                             headers={"X-CSRF-Token": viewer_token}), 403)
    assert client.get(f"/people/{pid}/not-same", params={"other_id": other}).status_code == 403


@pytest.mark.parametrize(("role", "redact", "status"), [
    ("editor", False, 200), ("editor", True, 200), ("viewer", True, 200), ("viewer", False, 403),
], ids=["editor-full", "editor-redacted", "viewer-redacted", "viewer-full-refused"])
def test_dossier_download_follows_the_roles_and_is_audited(client: httpx.Client, web_store: Store, demo_doc: int,
                                                            role: str, redact: bool, status: int) -> None:
    login(client, role)
    pid = _pid(client, "Kuralay Nurlanqyzy")
    links = lxml.html.fromstring(client.get(f"/people/{pid}").text).xpath('//span[@class="dossier-links small"]//a/@href')
    assert (f"/people/{pid}/dossier?format=html" in links) is (role == "editor")
    assert f"/people/{pid}/dossier?format=html&redact=true" in links
    response = client.get(f"/people/{pid}/dossier", params={"format": "html", "redact": str(redact).lower()})
    assert response.status_code == status, response.text[:300]
    if status != 200:
        return
    assert response.headers["content-disposition"].startswith("attachment;")
    assert "Kuralay Nurlanqyzy" in response.text
    assert ("[relative]" in response.text) is redact, "relatives left behind are named in the full copy only"
    with web_store.read() as conn:
        record = next(r for r in audit_history(conn, f"person:{pid}") if r.action == "export")
    assert record.actor == f"web:{role}" and record.after["redacted"] is redact
    assert record.after["sha256"] == hashlib.sha256(response.content).hexdigest()


def test_public_role_has_no_dossier(web_store: Store, demo_doc: int) -> None:
    from test_web_support import new_client, serving

    with serving(web_store, public=True) as srv, new_client(srv) as c:
        assert c.get("/people/1/dossier", params={"redact": "true"}).status_code in (303, 401, 403)
