"""The ``threadline`` command: a thin shell over :mod:`threadline.api`.

Library errors become one-line messages here and nowhere else.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from threadline import __version__, config
from threadline.errors import ThreadlineError

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    """The ``--db`` option every command shares (default from THREADLINE_DB)."""
    return click.option(
        "--db", "db", envvar=config.DB.env, default=config.DB.default, show_default=True,
        type=str, help="Investigation store (SQLite file or postgresql:// URL); env THREADLINE_DB.",
    )(func)


def friendly_errors(func: F) -> F:
    """Turn Threadline errors into a one-line message and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ThreadlineError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper  # type: ignore[return-value]


# Commands that run the spaCy pipelines: they check first that the pinned models are installed.
EXTRACTING = frozenset({"add", "extract", "fetch", "serve"})


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="threadline")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Threadline: a sourced, reviewable evidence graph from documents.

    Ingest articles and reports with 'add', then ask questions with 'stats',
    'entities', 'show', 'claims' and 'search'. 'extract' prints what one
    document yields, without storing anything.
    """
    if ctx.invoked_subcommand in EXTRACTING:
        from threadline.provenance import check_installed

        try:
            check_installed()
        except ThreadlineError as exc:
            raise click.ClickException(str(exc)) from None


from threadline.cli import analyse, correct, export, extract, ingest, migrate, query, report, resolve, serve, team  # noqa: E402,F401  (registers commands)
