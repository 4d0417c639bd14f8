"""Where the project's data lives: the ontology folder (ontology, shapes, gazetteer, lexicons)."""

from __future__ import annotations

import os
from pathlib import Path


def ontology_dir(override: str | os.PathLike | None = None) -> Path:
    """The ontology folder: `override`, $KG_ONTOLOGY, the checkout's `ontology/`, or ./ontology."""
    if override:
        return Path(override)
    if os.environ.get("KG_ONTOLOGY"):
        return Path(os.environ["KG_ONTOLOGY"])
    repo = Path(__file__).resolve().parents[2] / "ontology"
    if repo.is_dir():
        return repo
    return Path.cwd() / "ontology"
