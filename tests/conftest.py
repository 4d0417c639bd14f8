"""Shared fixtures: one real spaCy pipeline and extractor per test session (loading is slow)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def extractor():
    from kg.extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus built once (graph.ttl and graph.html) into a temporary folder."""
    from kg.cli import main

    out = tmp_path_factory.mktemp("corpus-build")
    assert main(["build", str(CORPUS), "--out", str(out), "-q"]) == 0
    return out
