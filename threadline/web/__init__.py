"""The analyst's web workbench: a REST API under ``/api/`` and a browser UI at ``/``.

Both sit on :mod:`threadline.api`; there is no SQL here. Start it with
``threadline serve`` or ``create_app(db)`` under any ASGI server.
"""

from threadline.web.app import create_app

__all__ = ["create_app"]
