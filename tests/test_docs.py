"""The README stays honest: its CLI reference and settings table are what the code generates."""

from __future__ import annotations

from pathlib import Path

from aigak.cli.reference import cli_reference
from aigak.core.settings import settings_reference

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_cli_reference_is_generated_from_the_commands() -> None:
    assert cli_reference() in README, "regenerate it: python -m aigak.cli.reference"


def test_every_command_has_help() -> None:
    for line in cli_reference().splitlines()[2:]:
        assert line.rstrip(" |").split("|")[-1].strip(), f"command without help: {line}"


def test_readme_settings_table_is_generated_from_the_settings() -> None:
    assert settings_reference() in README


def test_readme_names_the_two_commands() -> None:
    assert "make demo" in README and "make test" in README
