"""The sandboxed Jinja2 environment: template lookup with user overrides, filters, error mapping.

Lookup works like mkdocs' ``custom_dir``: a file in the user's folder (``--templates DIR`` or
``templates = "..."`` in commsgen.toml) replaces the built-in of the same name; the built-ins
stay reachable as ``builtin/<name>`` so an override can ``{% extends "builtin/customer.md.j2" %}``
and change one block.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from commsgen.errors import Problem, TemplateError
from commsgen.resources import builtin_templates


def _filters() -> dict[str, Any]:
    from commsgen.render import markdown as md
    from commsgen.views import figures

    def number(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, float) and not v.is_integer():
            return f"{v:,.1f}"
        return f"{int(v):,}"

    def yesno(v: Any) -> str:
        return "yes" if v else "no"

    return {"md": md.to_html, "md_inline": md.to_inline_html, "inert": md.inert, "cell": md.one_line,
            "plain": md.plain, "number": number, "money": figures.money, "compact": figures.compact,
            "percent": figures.percent, "yesno": yesno}


def _bytecode_cache():
    """Compiled templates kept between runs (Jinja's own cache, checked against each template's
    source), in the user's cache folder: compiling the templates is a large share of a short
    command's time. None when the folder cannot be made or COMMSGEN_NO_CACHE is set."""
    import os
    from pathlib import Path

    if os.environ.get("COMMSGEN_NO_CACHE"):
        return None
    from jinja2 import FileSystemBytecodeCache

    from commsgen import __version__

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "commsgen" / f"templates-{__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not os.access(folder, os.W_OK):
            return None
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


@lru_cache(maxsize=16)
def _environment(user_dir: str | None, autoescape_html: bool = True):
    from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    builtin = FileSystemLoader(str(builtin_templates()))
    loaders = []
    if user_dir:
        loaders.append(FileSystemLoader(user_dir))
    loaders += [builtin, PrefixLoader({"builtin": builtin})]
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders), undefined=StrictUndefined, keep_trailing_newline=True,
        autoescape=select_autoescape(enabled_extensions=("html.j2", "html", "svg.j2", "xml.j2"),
                                     default_for_string=False, default=False),
        trim_blocks=True, lstrip_blocks=True, auto_reload=False, bytecode_cache=_bytecode_cache())
    env.filters.update(_filters())
    return env


def environment(user_dir: Path | None):
    if user_dir is not None and not user_dir.is_dir():
        raise TemplateError(Problem(f"template folder `{user_dir}` does not exist", file=str(user_dir),
                                    rule="template.folder"))
    return _environment(str(user_dir) if user_dir else None)


def has_template(name: str, user_dir: Path | None) -> bool:
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    try:
        environment(user_dir).get_template(name)
        return True
    except TemplateNotFound:
        return False
    except TemplateSyntaxError:
        return True  # it exists; render() reports the error with its line


def _template_frame(tb) -> tuple[str | None, int | None]:
    """The innermost traceback frame that runs template code: (template file, line)."""
    found = (None, None)
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".j2", ".html", ".md", ".txt")):
            found = (code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render(name: str, context: dict[str, Any], user_dir: Path | None) -> str:
    """Render template ``name`` with ``context``; every template mistake becomes a ``TemplateError``
    naming the template file and line."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError

    env = environment(user_dir)
    try:
        tpl = env.get_template(name)
    except TemplateNotFound as e:
        raise TemplateError(Problem(f"template `{e.name}` not found (looked in "
                                    f"{user_dir or '-'} and {builtin_templates()})", file=name,
                                    rule="template.missing")) from None
    except TemplateSyntaxError as e:
        raise TemplateError(Problem(f"template syntax error: {e.message}", file=e.filename or name,
                                    line=e.lineno, rule="template.syntax")) from None
    try:
        return tpl.render(**context)
    except TemplateSyntaxError as e:
        raise TemplateError(Problem(f"template syntax error: {e.message}", file=e.filename or name,
                                    line=e.lineno, rule="template.syntax")) from None
    except (UndefinedError, SecurityError, TypeError, ValueError, AttributeError, KeyError) as e:
        file, line = _template_frame(sys.exc_info()[2])
        kind = "uses something the view does not have" if isinstance(e, UndefinedError) else (
            "tried something the sandbox forbids" if isinstance(e, SecurityError) else "failed")
        raise TemplateError(Problem(f"template {kind}: {e}", file=file or tpl.filename or name, line=line,
                                    rule="template.render")) from None
