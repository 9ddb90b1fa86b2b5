"""The command line: a thin typer layer over the use cases of :mod:`tripplan.app`.

* :mod:`~tripplan.cli.entry` — :func:`main`, the one error path and exit-code mapping;
* :mod:`~tripplan.cli.registry` — every command registered in one place (``app``);
* :mod:`~tripplan.cli.options` — the shared options, as public names, and flag spelling;
* :mod:`~tripplan.cli.output` — printing through the run's environment;
* one module per command group: :mod:`~tripplan.cli.read` (list, show, rules),
  :mod:`~tripplan.cli.checks` (validate, check, schema), :mod:`~tripplan.cli.edit`,
  :mod:`~tripplan.cli.export`, :mod:`~tripplan.cli.tz`.

Each command parses its options, calls one use case and hands the result to a renderer;
heavy modules (icalendar, PDF, agendas) are imported inside the commands that need them.
"""

from tripplan.cli.entry import main
from tripplan.cli.registry import app, app_for

__all__ = ["app", "app_for", "main"]
