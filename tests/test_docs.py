"""The README documents every command, and its Quick start holds exactly the two promised commands."""

import re
from pathlib import Path

import pytest

from threadline.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme(name):
    assert f"threadline {name}" in README, f"README does not show 'threadline {name}'"


def test_quick_start_has_exactly_two_commands():
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.DOTALL).group(1)
    commands = [line for line in block.splitlines() if line.strip()]
    assert commands == ["bash scripts/demo.sh", "bash scripts/test.sh"]
    assert "bash scripts/test.sh" in (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text("utf-8")
