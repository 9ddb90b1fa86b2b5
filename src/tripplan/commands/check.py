"""Commands: check (registered on tripplan.cli.app)."""
