"""The `aigak` command line: thin commands over the library, one error exit point."""

from aigak.cli.app import app, main

__all__ = ["app", "main"]
