"""`worklist validate --report`: Great Expectations' own HTML rendering of the re-checked documents.

Separate from the re-checking (`schemas.validate`): the rendering is GX's Data Docs machinery and a page
template, the checking is ours. Takes any report object with `label`, `gx` (table -> GX validation result),
`ok` and `line()`.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, Protocol, Sequence

from worklist.output_layout import write_text_atomic


class CheckedDocument(Protocol):
    label: str
    gx: dict[str, Any]

    @property
    def ok(self) -> bool: ...

    def line(self) -> str: ...


def write_html_report(reports: Sequence[CheckedDocument], out: Path) -> Path:
    """GX's own rendering of the validation results of `reports` (those that ran the suite) (the renderers Data Docs uses), every document and
    table in one self-contained page.

    Data Docs builds one page per validation result inside a site with a file-backed context; a dataset of
    many documents would give many pages. Here each result is rendered by `ValidationResultsPageRenderer`,
    the sections are joined (the overview of each named `<document> · <table>`) and the page is rendered
    once by `DefaultJinjaPageView`. GX's own styles are inlined by its template; Bootstrap comes from a CDN
    when online, and a small inline fallback keeps the page readable offline. The remote logo is dropped.
    """
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from great_expectations.render.components import RenderedDocumentContent
        from great_expectations.render.renderer import ValidationResultsPageRenderer
        from great_expectations.render.view import DefaultJinjaPageView

        renderer = ValidationResultsPageRenderer()
        sections: list[Any] = []
        for rep in reports:
            for table, result in rep.gx.items():
                doc = renderer.render(result)
                for i, s in enumerate(doc.sections):
                    if i == 0:
                        s.section_name = f"{rep.label} · {table}"
                    sections.append(s)
        page = RenderedDocumentContent(
            sections=sections, renderer_type="ValidationResultsPageRenderer",
            page_title="worklist validate", utm_medium="validation-results-page", expectation_suite_name="worklist",
        )
        text = DefaultJinjaPageView().render(page)
    return write_text_atomic(out, _offline(text, reports))


_FALLBACK_CSS = """
/* worklist: the page stays readable offline, without the Bootstrap styles GX loads from a CDN */
body { font-family: system-ui, sans-serif; margin: 0; font-size: 14px; }
.row { display: flex; flex-wrap: wrap; }
.col-12 { flex: 0 0 100%; } .col-6 { flex: 0 0 48%; margin-right: 2%; }
.col-lg-2 { flex: 0 0 22%; max-width: 22%; } .col-lg-10 { flex: 0 0 76%; max-width: 76%; margin-left: 2%; }
.sticky { position: sticky; top: 0; max-height: 100vh; overflow: auto; }
ul.nav { list-style: none; padding-left: 0; margin: 0; } .nav-item { padding: 1px 0; }
.ge-navigation-sidebar-link.ml-1 { margin-left: 1.2em; font-size: 90%; }
table { border-collapse: collapse; margin: 4px 0; }
td, th { border: 1px solid #ccc; padding: 2px 6px; vertical-align: top; }
.text-danger { color: #b00020; } .text-success { color: #1b7f3b; }
.ge-section { border-top: 1px solid #ddd; margin-top: 12px; padding-top: 8px; }
.alert-secondary { background: #eef0f2; padding: 4px 8px; }
i.fas.fa-check-circle:empty::before { content: "\\2714"; } i.fas.fa-times:empty::before { content: "\\2718"; }
.worklist-summary { padding: 8px 24px; } .worklist-summary li.fail { color: #b00020; }
"""


def _offline(text: str, reports: Sequence[CheckedDocument]) -> str:
    text = re.sub(r'<img[^>]*great-expectations-web-assets[^>]*/>', "<strong>Great Expectations</strong>", text,
                  flags=re.S)
    text = re.sub(r'<link rel="shortcut icon"[^>]*>', "", text)
    text = re.sub(r'<ol class="ge-breadcrumbs.*?</ol>', "", text, flags=re.S)  # links into a site not written
    text = re.sub(r'<a href="\.\./[^"]*"\s*>(.*?)</a>', r"\1", text, flags=re.S)
    text = text.replace("<title></title>", "<title>worklist validate</title>", 1)
    text = text.replace("</head>", f"<style>{_FALLBACK_CSS}</style>\n</head>", 1)
    summary = "".join(
        f'<li class="{"ok" if r.ok else "fail"}">{html.escape(r.line())}</li>' for r in reports)
    banner = f'<div class="container-fluid pl-5 pt-3 worklist-summary"><h4>worklist validate</h4><ul>{summary}</ul></div>'
    return re.sub(r"(<body[^>]*>)", r"\1" + banner.replace("\\", "\\\\"), text, count=1)
