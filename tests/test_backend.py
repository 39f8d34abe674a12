"""Backends: the registry, the rules backend's output shape, and a trained spaCy pipeline by path."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from aigak.core.errors import ConfigError
from aigak.extract.backend import ExtractionBackend, available_backends, get_backend
from aigak.extract.rules import RulesBackend
from aigak.extract.run import extract_text


def test_unknown_backend_lists_the_available_ones() -> None:
    with pytest.raises(ConfigError, match=r"No backend named 'nope\.v9'\. Available: .*rules\.v1"):
        get_backend("nope.v9")


def test_rules_backend_is_registered_and_configurable() -> None:
    assert "rules.v1" in available_backends()
    backend = get_backend("rules.v1")
    assert isinstance(backend, RulesBackend) and isinstance(backend, ExtractionBackend)
    assert backend.describe() == {"name": "rules.v1", "version": RulesBackend.version, "config": {"spacy_model": None}}


def test_unknown_option_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="no option colour"):
        get_backend("rules.v1", colour="red")


def test_output_has_the_format_keys_and_valid_spans() -> None:
    text = "Nurbol Ermekuly, 33, was detained in Urumqi in 2018. He paid a fine of $500."
    out = extract_text(text, sha256="ab" * 32, published="2020-01-05")
    assert set(out) == {"document", "entities", "relations", "events", "amounts", "backend"}
    assert out["document"] == {"sha256": "ab" * 32, "reference_date": "2020-01-05", "body": [0, len(text)]}
    assert out["backend"]["name"] == "rules.v1"
    for entity in out["entities"]:
        assert "mentions" in entity and "confidence" in entity
        assert all(0 <= s < e <= len(text) for s, e in entity["mentions"])
    for group in ("relations", "events", "amounts"):
        for item in out[group]:
            assert item["evidence"] and all(0 <= s < e <= len(text) for s, e in item["evidence"])
    assert out["amounts"][0]["value"] == 500 and out["amounts"][0]["currency"] == "USD"


def test_missing_trained_pipeline_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not installed"):
        get_backend("rules.v1", spacy_model="no_such_pipeline_xyz").extract("Some text about Almaty.")


def _train_tiny_pipeline(path: Path) -> None:
    """A blank English pipeline with an NER component, trained for a few steps on our own sentences."""
    import spacy
    from spacy.training import Example

    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    ner.add_label("PERSON")
    samples = [
        ("Qojakhmet met Zhanar at the market.", [(0, 9, "PERSON"), (14, 20, "PERSON")]),
        ("Yesterday Qojakhmet went home.", [(10, 19, "PERSON")]),
        ("Zhanar and Qojakhmet talked.", [(0, 6, "PERSON"), (11, 20, "PERSON")]),
        ("The village was quiet.", []),
    ]
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": ents}) for t, ents in samples]
    random.seed(0)
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(30):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.to_disk(path)


def test_trained_pipeline_by_path_adds_person_evidence(tmp_path: Path) -> None:
    model = tmp_path / "tiny_ner"
    _train_tiny_pipeline(model)
    text = "Qojakhmet met Zhanar at the market."
    without = {e["name"] for e in extract_text(text)["entities"] if e["kind"] == "person"}
    backend = get_backend("rules.v1", spacy_model=str(model))
    with_model = {e["name"] for e in backend.extract(text)["entities"] if e["kind"] == "person"}
    assert "Qojakhmet" not in without
    assert {"Qojakhmet", "Zhanar"} <= with_model
    assert backend.describe()["config"]["spacy_model"] == str(model)


def test_a_long_article_extracts_well_under_a_second() -> None:
    import time

    paragraph = ("In March 2018 police took Askar Nurtazauly to a camp in Tacheng. “They beat me every week,” "
                 "Askar said. He was released in May 2020 and placed under house arrest. His wife Dana "
                 "Saparkyzy says the family paid a fine of 20,000 yuan. On 4 June 2021 he crossed the border "
                 "into Kazakhstan and two days later reached Almaty, where he applied for asylum. ")
    text = "\n".join([paragraph] * 25)
    assert len(text.split()) >= 1500
    extract_text(text)
    started = time.perf_counter()
    extract_text(text)
    assert time.perf_counter() - started < 0.8
