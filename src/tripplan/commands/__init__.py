"""Command modules beyond the core read commands; each registers its commands on
:data:`tripplan.cli.app` when imported. They stay thin: imports of heavy modules happen
inside the command functions."""
