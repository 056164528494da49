"""The command line, run as a person would, against its own PostgreSQL database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from pypdf import PdfReader

from cocohop.db.migrations import upgrade_to_head
from tests.conftest import REPO, create_test_database, drop_test_database


@pytest.fixture(scope="module")
def cli_env():
    url = create_test_database("cli")
    upgrade_to_head(url)
    env = {**os.environ, "DATABASE_URL": url}
    yield env
    drop_test_database(url)


def cocohop(env, *args, stdin: str = ""):
    return subprocess.run(
        [sys.executable, "-m", "cocohop", *args], input=stdin, capture_output=True, text=True, cwd=REPO, env=env, timeout=120
    )


def test_parse_brief_prints_the_facts_as_json(cli_env, shared_dir):
    brief = json.loads((shared_dir / "briefs" / "briefs.json").read_text())["briefs"][0]
    result = cocohop(cli_env, "parse-brief", stdin=brief["text"])
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts["country"] == "JP" and facts["start"] == "2027-04-04" and facts["nights"] == 13


def test_errors_are_one_clear_line_and_a_non_zero_exit(cli_env):
    result = cocohop(cli_env, "parse-brief", stdin="   ")
    assert result.returncode != 0 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr


def test_generate_then_book_and_another_agency_gets_not_found(cli_env, tmp_path, shared_dir):
    assert cocohop(cli_env, "seed-demo").returncode == 0
    brief = json.loads((shared_dir / "briefs" / "briefs.json").read_text())["briefs"][3]
    generated = cocohop(cli_env, "generate", stdin=brief["text"])
    assert generated.returncode == 0, generated.stderr
    trip_id = generated.stdout.strip()
    assert trip_id.isdigit()

    book = tmp_path / "carnet.pdf"
    made = cocohop(cli_env, "book", trip_id, "-o", str(book))
    assert made.returncode == 0, made.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(book).pages)
    assert "Lisbon" in text and "Porto" in text

    other = tmp_path / "other.pdf"
    refused = cocohop(cli_env, "book", trip_id, "-o", str(other), "--as", "marc@horizons.example")
    assert refused.returncode == 1 and refused.stderr.strip() == "error: trip not found"
    assert not other.exists()
