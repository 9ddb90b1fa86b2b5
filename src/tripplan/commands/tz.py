"""Commands: tz (registered on tripplan.cli.app)."""
