"""``tripplan translations``: the languages of a trip's texts and where each comes from.

Parses the options, calls :func:`tripplan.app.translations.translations` and prints the
result: one line per text that lacks a language and per translated text (``file:line``),
or the JSON envelope.
"""

from __future__ import annotations

from typing import Annotated

import typer

from tripplan.cli.options import FormatOption, JsonFlag, OutputFormat, TripArg, chosen_format
from tripplan.cli.output import echo, environment

RequireOption = Annotated[list[str] | None, typer.Option(
    "--require", help="A language every text must have, e.g. en (repeatable); exit 1 when "
    "a text lacks it.")]


def translations_command(
    trip: TripArg,
    require: RequireOption = None,
    fmt: FormatOption = OutputFormat.text,
    json_flag: JsonFlag = False,
):
    """Which texts lack a language, which are translations (and by whom), with file:line."""
    from tripplan.app.translations import translations

    result = translations(environment(), trip, require=require or ())
    if chosen_format(fmt, json_flag) == "json":
        from tripplan.emit import dumps, envelope

        echo(dumps(envelope("translations", **result.to_json())))
        return result.outcome
    echo("\n".join(text_lines(result)))
    return result.outcome


def text_lines(result) -> list[str]:
    """The text report: languages, then missing languages, then translated texts."""
    langs = []
    for lang in result.languages:
        who = "source" if lang == result.source_language else result.translators.get(lang)
        langs.append(f"{lang} ({who})" if who else lang)
    out = [f"{result.file}: languages {', '.join(langs) or 'not declared'}; "
           f"{len(result.texts)} texts, {len(result.missing)} lacking a language, "
           f"{len(result.translated)} translated"]
    for key in result.unknown_verbatim:
        out.append(f"{result.file}: provenance.verbatim names no text: {key}")
    for entry in result.missing:
        out.append(f"{result.location(entry)}: {entry.key} lacks {', '.join(entry.missing)}")
    for entry in result.translated:
        origins = ", ".join(f"{lang} {who}" for lang, who in entry.origins.items()
                            if who not in (None, "source"))
        out.append(f"{result.location(entry)}: {entry.key} ({origins})")
    return out
