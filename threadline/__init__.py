"""Threadline: a sourced, reviewable evidence graph from documents about state-linked influence networks.

The public API mirrors the CLI::

    from threadline import Workspace, extract_file
    ws = Workspace("investigation.db")
    ws.add(["examples/corpus"])          # threadline add examples/corpus
    ws.stats()                           # threadline stats
"""

__version__ = "0.1.0"

__all__ = ["Workspace", "extract_file", "extract_text", "__version__"]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    """Import the API lazily, so ``import threadline`` does not load spaCy."""
    if name in ("Workspace", "extract_file", "extract_text"):
        from threadline import api

        return getattr(api, name)
    raise AttributeError(name)
