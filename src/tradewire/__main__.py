"""`python -m tradewire`: the command line."""

from tradewire.cli.app import main

main()
