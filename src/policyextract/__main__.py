"""`python -m policyextract` runs the command-line interface."""

from policyextract.cli import main

main()
