"""``python -m threadline`` runs the CLI."""

from threadline.cli import cli

cli()
