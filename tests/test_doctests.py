"""The examples in the docstrings are true: every module's doctests run here."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import tripplan

MODULES = sorted(m.name for m in pkgutil.walk_packages(tripplan.__path__, "tripplan.")
                 if m.name != "tripplan.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, in_repo):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_library_modules_have_examples():
    finder = doctest.DocTestFinder()
    with_examples = [name for name in MODULES if any(
        test.examples for test in finder.find(importlib.import_module(name)))]
    assert {"tripplan.cache", "tripplan.diagnostics", "tripplan.load", "tripplan.model",
            "tripplan.zones", "tripplan.export.ics", "tripplan.app.listing"} <= set(with_examples)
