"""MkDocs hook: render the Sphinx cross-reference roles of the docstrings as code.

The docstrings use Sphinx roles (``:class:`~vndocsign.pki.AlgorithmPolicy```), which
mkdocstrings (``docstring_style: sphinx``) leaves as they are: the API reference showed about a
hundred raw ``:class:`` / ``:func:`` markers. After each page is converted to HTML, a role
becomes the code it names — ``~a.b.C`` shows ``C`` (Sphinx's "last component" tilde), ``a.b.C``
shows ``a.b.C``.
"""

from __future__ import annotations

import re
from typing import Any

ROLES = "class|func|meth|mod|data|attr|exc|obj|const|py:[a-z]+|ref|term"
# After Markdown: :role:<code>target</code>; in text Markdown left alone: :role:`target`
_HTML = re.compile(rf":(?:{ROLES}):<code>(~?)([^<]+)</code>")
_TEXT = re.compile(rf":(?:{ROLES}):`(~?)([^`]+)`")


def _shown(tilde: str, target: str) -> str:
    target = target.strip()
    if tilde:
        target = target.rsplit(".", 1)[-1]
    return target


def render_roles(html: str) -> str:
    """``html`` with every Sphinx role replaced by ``<code>`` of its (shortened) target."""
    html = _HTML.sub(lambda m: f"<code>{_shown(m[1], m[2])}</code>", html)
    return _TEXT.sub(lambda m: f"<code>{_shown(m[1], m[2])}</code>", html)


def on_page_content(html: str, **_kwargs: Any) -> str:
    return render_roles(html)
