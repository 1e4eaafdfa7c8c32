"""`python -m kzfacts`: the same command as the `kzfacts` script."""

from kzfacts.cli.app import main

main()
