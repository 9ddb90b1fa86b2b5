"""Commands: edit (registered on tripplan.cli.app)."""
