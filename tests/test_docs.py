"""The documentation says what the code does: every command, table column and record field is named."""

from __future__ import annotations

import re

import click
import pytest

from policyextract.cli import main
from policyextract.frames import SCHEMAS
from policyextract.models import Document
from policyextract.registry import FAMILIES

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
RECORDS = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix}{name} ")
        else:
            names.append(f"{prefix}{name}")
    return names


@pytest.mark.parametrize("command", _commands(main))
def test_every_cli_command_is_named_in_the_readme(command):
    assert f"`{command}`" in README


@pytest.mark.parametrize("table", sorted(SCHEMAS))
def test_every_table_and_column_is_documented(table):
    row = next((line for line in RECORDS.splitlines() if line.startswith(f"| `{table}` |")), None)
    assert row is not None, f"docs/records.md has no row for table {table}"
    documented = set(re.findall(r"[a-z_]+", row.split("|")[3]))
    assert set(SCHEMAS[table].names) <= documented, set(SCHEMAS[table].names) - documented


@pytest.mark.parametrize("model", [Document, *(f.record for f in FAMILIES)], ids=lambda m: m.__name__)
def test_every_record_field_is_documented(model):
    missing = [name for name in model.model_fields if f"`{name}`" not in RECORDS]
    assert missing == []


def test_readme_relative_links_exist():
    for target in re.findall(r"\]\(((?!https?:)[^)#]+)\)", README):
        assert (ROOT / target).exists(), target


def test_the_notebook_example_runs(capsys, monkeypatch):
    import runpy

    monkeypatch.chdir(ROOT)
    runpy.run_path(str(ROOT / "examples" / "notebook.py"), run_name="__main__")
    assert "publication" in capsys.readouterr().out
