"""The presentation layer: every word and every formatted value a reader sees.

* :mod:`tripplan.present.vocabulary` — the one ja/en vocabulary (kinds, statuses, parts of
  day, field names, headings) and :class:`~tripplan.present.vocabulary.Languages`, the
  language choice of an output (``ja``, ``en`` or the bilingual ``ja+en``);
* :mod:`tripplan.present.formats` — the one set of formatters: a date with its weekday, a
  date range, a clock time with its zone, a counterpart, an organisation, a text in a
  language, a list.

``show``, ``tz``, the agendas and the calendar all go through these two modules, so the
same counterpart, date or kind reads the same in every output. Neither imports rich, the
loader or an exporter.
"""
