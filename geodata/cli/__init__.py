"""Command line: `python -m geodata SUBCOMMAND ...`; see `geodata.cli.common` for exit codes and the registry."""

from geodata.cli import events, places  # noqa: F401  (each module registers its subcommands)
from geodata.cli.common import (
    EXIT_BROKEN_PIPE, EXIT_EMPTY, EXIT_OK, EXIT_USAGE, SUBCOMMANDS, CliError, build_parser, main,
)

__all__ = [
    "EXIT_BROKEN_PIPE", "EXIT_EMPTY", "EXIT_OK", "EXIT_USAGE", "SUBCOMMANDS", "CliError", "build_parser", "main",
]
