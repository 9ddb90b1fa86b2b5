"""tripplan: itineraries for official trips, checked and exported.

The package is a library first; :mod:`tripplan.cli` is a thin layer over it.
"""

__version__ = "0.1.0"
