"""The Popolo export: persons, organizations and memberships (https://www.popoloproject.com), one JSON file.

People are the registry's people when the facts carry a `person_id`, otherwise the named person
records grouped by name; unnamed people (a "daughter" with no name) are left out, since Popolo
has no place for them. Every item lists its sources as `urn:sha256:` URLs with the title as note.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aigak.export.bundle import Bundle

__all__ = ["POPOLO_NAME", "popolo_document", "write_popolo"]

POPOLO_NAME = "popolo.json"


def _source(doc: Mapping[str, Any]) -> dict[str, str]:
    return {"url": f"urn:sha256:{doc['sha256']}", "note": str(doc.get("title") or doc.get("filename") or "")}


def _add_unique(items: list[Any], value: Any) -> None:
    if value not in items:
        items.append(value)


def popolo_document(bundle: Bundle) -> dict[str, Any]:
    """The Popolo JSON for the bundle: `{"persons": [...], "organizations": [...], "memberships": [...]}`."""
    documents = {int(d["id"]): d for d in bundle.documents}
    persons: dict[str, dict[str, Any]] = {}
    organizations: dict[str, dict[str, Any]] = {}
    local: dict[tuple[int, str], str] = {}
    for fact in bundle.facts:
        data = fact["data"]
        if fact["kind"] != "entity" or not data.get("name") or str(data["name"]).startswith("["):
            continue
        doc = documents.get(int(fact["document_id"]), {})
        name = str(data["name"])
        if fact["type"] == "person":
            key = f"person/{fact['person_id']}" if fact.get("person_id") else f"person/{name.casefold()}"
            item = persons.setdefault(key, {"id": "", "name": name, "other_names": [], "sources": [],
                                            "_fact": int(fact["id"])})
            attributes = data.get("attributes") or {}
            if attributes.get("gender") and "gender" not in item:
                item["gender"] = attributes["gender"]
            if attributes.get("citizenship") and "national_identity" not in item:
                item["national_identity"] = attributes["citizenship"]
            if attributes.get("birth_year") and "birth_date" not in item:
                item["birth_date"] = str(attributes["birth_year"])
        elif fact["type"] == "organization":
            key = f"organization/{name.casefold()}"
            item = organizations.setdefault(key, {"id": "", "name": name, "other_names": [], "sources": [],
                                                  "_fact": int(fact["id"])})
        else:
            continue
        for alias in [name, *(data.get("aliases") or [])]:
            if str(alias) != item["name"] and not str(alias).startswith("["):
                _add_unique(item["other_names"], {"name": str(alias)})
        if doc:
            _add_unique(item["sources"], _source(doc))
        local[(int(fact["document_id"]), str(fact["local_id"]))] = key
    ids = _stable_ids({**persons, **organizations})
    memberships: list[dict[str, Any]] = []
    for fact in bundle.facts:
        data = fact["data"]
        if fact["kind"] != "relation" or data.get("type") != "member":
            continue
        doc_id = int(fact["document_id"])
        who, org = local.get((doc_id, str(data.get("from")))), local.get((doc_id, str(data.get("to"))))
        if who in persons and org in organizations:
            membership = {"id": f"membership/{fact['id']}", "person_id": ids[who], "organization_id": ids[org],
                          "sources": [_source(documents[doc_id])] if doc_id in documents else []}
            if data.get("role"):
                membership["role"] = data["role"]
            for field, key in (("start_date", "start"), ("end_date", "end")):
                if data.get(key):
                    membership[field] = data[key]
            memberships.append(membership)
    return {
        "persons": [_finish(item, ids[key]) for key, item in persons.items()],
        "organizations": [_finish(item, ids[key]) for key, item in organizations.items()],
        "memberships": memberships,
    }


def _stable_ids(items: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, item in items.items():
        kind = key.split("/", 1)[0]
        suffix = key.split("/", 1)[1] if key.split("/", 1)[1].isdigit() else f"f{item['_fact']}"
        out[key] = f"{kind}/{suffix}"
    return out


def _finish(item: dict[str, Any], item_id: str) -> dict[str, Any]:
    out = {k: v for k, v in item.items() if not k.startswith("_")}
    out["id"] = item_id
    return out


def write_popolo(bundle: Bundle, out_dir: Path) -> list[Path]:
    """Write `popolo.json` into `out_dir`."""
    path = out_dir / POPOLO_NAME
    path.write_text(json.dumps(popolo_document(bundle), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [path]
