"""``tripplan rules``: the catalogue of checks, and the README table generated from it.

>>> catalog = rule_catalog(Environment.for_test(), "R002")
>>> [r.name for r in catalog.rules], catalog.outcome
(['unknown-place'], <Outcome.OK: 'ok'>)
>>> rules_markdown().splitlines()[0]
'| code | name | severity | what it finds |'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.errors import UsageError
from tripplan.load import INPUT_ERRORS
from tripplan.rules import Rule, all_rules


@dataclass
class RuleCatalog:
    rules: list[Rule]
    input_errors: list[dict] = field(default_factory=list)
    """The ``F`` codes of files that cannot be loaded (code, name, severity, summary)."""
    outcome: Outcome = Outcome.OK


def rule_catalog(env: Environment, code: str | None = None) -> RuleCatalog:
    """Every rule and input error, or the one rule named by ``code`` (a code or a name)."""
    rules = all_rules()
    if code is None:
        inputs = [{"code": c, "name": n, "severity": "error", "summary": s}
                  for c, (n, s) in INPUT_ERRORS.items()]
        return RuleCatalog(rules, inputs)
    wanted = code.upper()
    chosen = [r for r in rules if r.code == wanted or r.name == code]
    if not chosen:
        raise UsageError(f'no rule "{code}"', hint="see `tripplan rules` for the list",
                         argument="code")
    return RuleCatalog(chosen)


def rules_markdown() -> str:
    """The rule table of README.md, generated from the rules themselves."""
    catalog = rule_catalog(Environment.for_test())
    lines = ["| code | name | severity | what it finds |", "|---|---|---|---|"]
    for r in catalog.rules:
        lines.append(f"| `{r.code}` | `{r.name}` | {r.severity.value} | {r.summary} |")
    for entry in catalog.input_errors:
        lines.append(f"| `{entry['code']}` | `{entry['name']}` | input error | "
                     f"{entry['summary']} |")
    return "\n".join(lines)
