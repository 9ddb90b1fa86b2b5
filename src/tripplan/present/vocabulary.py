"""The one vocabulary: every ja/en word shown to a reader, and the language of an output.

:class:`Languages` is what ``--lang`` chooses: one language, or Japanese and English
together (agendas only), the first one leading.

>>> Languages.JA_EN.codes, Languages.JA_EN.lead, Languages.EN.codes
(('ja', 'en'), 'ja', ('en',))
>>> Languages.parse("ja+en") is Languages.JA_EN
True
"""

from __future__ import annotations

import enum

from tripplan.errors import UsageError


class Languages(enum.StrEnum):
    """The languages of an output, written as ``--lang`` takes them."""

    JA = "ja"
    EN = "en"
    JA_EN = "ja+en"

    @property
    def codes(self) -> tuple[str, ...]:
        """The languages shown, the leading one first."""
        return ("ja", "en") if self is Languages.JA_EN else (self.value,)

    @property
    def lead(self) -> str:
        return self.codes[0]

    @property
    def bilingual(self) -> bool:
        return len(self.codes) > 1

    @classmethod
    def parse(cls, text: str) -> Languages:
        """The choice written ``text``; a usage error naming the ``lang`` argument otherwise.

        >>> Languages.parse("fr")
        Traceback (most recent call last):
        tripplan.errors.UsageError: lang "fr" is not an agenda language
        """
        try:
            return cls(text)
        except ValueError:
            raise UsageError(f'{{lang}} "{text}" is not an agenda language', argument="lang",
                             hint="use {lang} ja, {lang} en or {lang} ja+en") from None
