"""The use cases: one function per command, between the front end and the domain.

Each use case takes typed arguments and an :class:`~tripplan.app.env.Environment` (streams,
terminal or not, settings, clock, working folder), does its work through the domain modules
(:mod:`tripplan.load`, :mod:`tripplan.rules`, :mod:`tripplan.zones`, the exporters) and
returns a typed result that carries an :class:`~tripplan.app.outcome.Outcome`. It never
prints and never exits: the CLI shows the result and turns the outcome into an exit code in
one place (:func:`tripplan.app.outcome.exit_code`).

Modules are imported by the front end one at a time (``from tripplan.app import show``), so
that a command loads only what it needs; this package's ``__init__`` imports nothing.
"""
