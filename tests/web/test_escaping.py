"""Names from imported files are text on every page: a unit named like markup is shown, never run."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

from tests.web.conftest import CASE

NAME = '<script>alert("x")</script> & <b>Barn</b>'


def test_a_unit_named_like_markup_is_escaped_on_the_overview_and_its_page(clients: dict[str, Any],
                                                                          tmp_path: Path) -> None:
    from uppfolj.cli.main import build_parser, execute

    rows = (CASE / "organisation.csv").read_text(encoding="utf-8").splitlines()
    renamed = [f"515;{NAME};" + line.split(";", 2)[2] if line.startswith("515;") else line for line in rows]
    organisation = tmp_path / "organisation.csv"
    organisation.write_text("\n".join(renamed) + "\n", encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        assert execute(build_parser().parse_args(["import", "organisation", str(organisation)])) == 0

    for url in ("/uppfoljning/2024/3/", "/uppfoljning/2024/3/515/"):
        page = clients["controller"].get(url).content.decode()
        assert "<script>alert" not in page and "<b>Barn</b>" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Barn&lt;/b&gt;" in page
