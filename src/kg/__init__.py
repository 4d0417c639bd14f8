"""kg: knowledge graphs of international-relations text, with sentence-level provenance."""

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """`kg.load` and `kg.KnowledgeGraph`, imported on first use so `import kg` stays light."""
    if name in ("load", "KnowledgeGraph"):
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
