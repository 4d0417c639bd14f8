"""kg: knowledge graphs of international-relations text, with sentence-level provenance."""

__version__ = "0.1.0"
