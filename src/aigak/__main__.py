"""`python -m aigak` runs the command line."""

from aigak.cli import main

main()
