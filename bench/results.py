"""bench/RESULTS.md: each benchmark replaces its own "## Name" section and leaves the others."""

from __future__ import annotations

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TITLE = "# Benchmarks\n"


def write_section(name: str, body: str) -> None:
    """Replace the section headed `## {name}` (with anything after the name on its line)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else TITLE
    if not text.startswith(TITLE):
        text = TITLE + "\n" + text.lstrip("\n")
    body = body.strip("\n")
    if not body.startswith("## "):
        body = f"## {name}\n\n{body}"
    pattern = re.compile(rf"^## {re.escape(name)}\b.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    text = pattern.sub("", text)
    RESULTS.write_text(text.rstrip("\n") + "\n\n" + body + "\n", encoding="utf-8")
