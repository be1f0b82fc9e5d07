"""axe-core scans for the Playwright journeys.

The axe script ships with axe-playwright-python; it is injected with page.evaluate, which the
site's strict Content-Security-Policy would refuse unless the browser context bypasses CSP (the
journeys' contexts do; one separate test checks the real policy without the bypass).
"""

from functools import cache
from pathlib import Path

import axe_playwright_python

# WCAG 2.0 and 2.1, levels A and AA (Finnish public-sector law), plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@cache
def axe_source() -> str:
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        AXE_TAGS,
    )
    return results["violations"]


def format_violations(violations: list[dict], where: str) -> str:
    lines = [f"axe found {len(violations)} accessibility violation(s) on {where}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): "
            f"{violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(
                " >> ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            lines.append(f"    at {target}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", " / ")
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page, label: str = "") -> None:
    """Fail with a readable list of rule, impact, help and targets when axe finds anything."""
    violations = axe_violations(page)
    where = f"{label} ({page.url})" if label else page.url
    assert not violations, format_violations(violations, where)


class AxeLog:
    """Scans page after page and reports every violation of a journey at once at the end.

    A journey goes on past a page with a violation, so one run shows all the pages that need
    fixing instead of only the first.
    """

    def __init__(self) -> None:
        self.scanned: list[str] = []
        self.findings: list[str] = []

    def scan(self, page, label: str) -> None:
        violations = axe_violations(page)
        self.scanned.append(label)
        if violations:
            self.findings.append(format_violations(violations, f"{label} ({page.url})"))

    def assert_clean(self) -> None:
        assert self.scanned, "no page was scanned with axe"
        assert not self.findings, "\n\n".join(self.findings)
