"""The analyst's web workbench: a REST API and a browser UI at ``/``.

Both sit on :mod:`threadline.api`; there is no SQL here. Local mode,
``create_app(db)`` (``threadline serve``), serves one store under ``/api/``
with no accounts. Team mode, ``create_app(team=Registry(...))``
(``threadline serve --team``), serves each investigation of a team registry
under ``/api/investigations/{name}/`` to its members (see web/access.py).
"""

from threadline.web.app import create_app

__all__ = ["create_app"]
