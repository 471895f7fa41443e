"""axe-core (pinned in package.json, installed by `npm ci`) run in the page under test: the
serious and critical violations of a page, as a person can read them, and its screenshot.

The script is evaluated through the browser's DevTools protocol, not added to the page as a
<script>, so a Content-Security-Policy that allows only the app's own scripts does not stop it.
"""

from __future__ import annotations

from pathlib import Path

from browser import ARTIFACTS

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
RUN = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} at `
      + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; "));
}"""
# Taller pages are shot as the window shows them: a whole 30,000-pixel page costs seconds.
FULL_PAGE_UP_TO = 8000


def serious_violations(page: object, name: str) -> list[str]:
    """Gives the serious and critical axe violations of the page as it stands, and saves its
    screenshot as test-artifacts/screenshots/NAME.png."""
    if not AXE.exists():
        raise AssertionError(f"no axe-core at {AXE}: run `npm ci`")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    found = page.evaluate(RUN)  # type: ignore[attr-defined]
    height = page.evaluate("document.documentElement.scrollHeight")  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=height <= FULL_PAGE_UP_TO)  # type: ignore[attr-defined]
    return found
