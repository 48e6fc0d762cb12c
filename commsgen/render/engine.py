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

    return {
        "md": md.to_html,
        "md_inline": md.to_inline_html,
        "inert": md.inert,
        "cell": md.one_line,
        "plain": md.plain,
        "number": number,
        "money": figures.money,
        "compact": figures.compact,
        "percent": figures.percent,
        "yesno": yesno,
    }


def _private_folder(folder: Path) -> bool:
    """Make sure ``folder`` is this user's alone: a real folder (not a symbolic link) owned by this
    user that no one else can write to, then set to mode 0700. False when it is not (left as is)."""
    import os
    import stat

    try:
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o022:
            return False
        if stat.S_IMODE(st.st_mode) != 0o700:
            os.chmod(folder, 0o700)
    except OSError:
        return False
    return True


def _bytecode_cache():
    """Compiled templates kept between runs (Jinja's own cache, checked against each template's
    source), in the user's cache folder: compiling the templates is a large share of a short
    command's time. A cached file is code that runs, so the cache is used only in folders that are
    this user's alone: ``<cache>/commsgen`` and its ``templates-<version>`` are checked before
    use (owned by this user, writable by no one else, not a symbolic link) and set to 0700. None when they cannot be made or fail
    the check, or when COMMSGEN_NO_CACHE is set."""
    import os

    if os.environ.get("COMMSGEN_NO_CACHE") or not hasattr(os, "geteuid"):
        return None
    from jinja2 import FileSystemBytecodeCache

    from commsgen import __version__

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    top = base / "commsgen"
    folder = top / f"templates-{__version__}"
    for f in (top, folder):
        try:
            f.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            return None
        if not _private_folder(f):
            return None
    return FileSystemBytecodeCache(str(folder))


def _confined_loader(folder: str):
    """A ``FileSystemLoader`` for ``folder`` that refuses a template whose real path lies outside
    it (a symbolic link out of the template folder): a ``TemplateError``, not a fallback to another
    folder, so the writer learns why their template is not used."""
    import os

    from jinja2 import FileSystemLoader

    class ConfinedLoader(FileSystemLoader):
        def get_source(self, environment, template):
            source, filename, uptodate = super().get_source(environment, template)
            real = os.path.realpath(filename)
            if os.path.commonpath([real, root]) != root:
                raise TemplateError(
                    Problem(
                        f"template `{template}` is a symbolic link to {real}, outside the template folder "
                        f"{folder}; templates are read from inside their folder only",
                        file=filename,
                        rule="template.outside",
                    )
                )
            return source, filename, uptodate

    root = os.path.realpath(folder)
    return ConfinedLoader(folder)


@lru_cache(maxsize=16)
def _environment(user_dir: str | None):
    from jinja2 import ChoiceLoader, PrefixLoader, StrictUndefined, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    builtin = _confined_loader(str(builtin_templates()))
    loaders = []
    if user_dir:
        loaders.append(_confined_loader(user_dir))
    loaders += [builtin, PrefixLoader({"builtin": builtin})]
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=select_autoescape(
            enabled_extensions=("html.j2", "html", "svg.j2", "xml.j2"), default_for_string=False, default=False
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(_filters())
    return env


def environment(user_dir: Path | None):
    if user_dir is not None and not user_dir.is_dir():
        raise TemplateError(
            Problem(f"template folder `{user_dir}` does not exist", file=str(user_dir), rule="template.folder")
        )
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
        raise TemplateError(
            Problem(
                f"template `{e.name}` not found (looked in {user_dir or '-'} and {builtin_templates()})",
                file=name,
                rule="template.missing",
            )
        ) from None
    except TemplateSyntaxError as e:
        raise TemplateError(
            Problem(
                f"template syntax error: {e.message}", file=e.filename or name, line=e.lineno, rule="template.syntax"
            )
        ) from None
    try:
        return tpl.render(**context)
    except TemplateSyntaxError as e:
        raise TemplateError(
            Problem(
                f"template syntax error: {e.message}", file=e.filename or name, line=e.lineno, rule="template.syntax"
            )
        ) from None
    except TemplateNotFound as e:  # an include, import or extends of a missing (or outside) name
        file, line = _template_frame(sys.exc_info()[2])
        raise TemplateError(
            Problem(
                f"template `{e.name}` not found (looked in {user_dir or '-'} and "
                f"{builtin_templates()}; names are relative to those folders)",
                file=file or tpl.filename or name,
                line=line,
                rule="template.missing",
            )
        ) from None
    except RecursionError:
        raise TemplateError(
            Problem(
                "the template extends or includes itself, directly or through "
                "others, without end; to change a built-in template, extend "
                f"`builtin/{name}` instead",
                file=tpl.filename or name,
                rule="template.recursion",
            )
        ) from None
    except (UndefinedError, SecurityError, TypeError, ValueError, AttributeError, KeyError) as e:
        file, line = _template_frame(sys.exc_info()[2])
        kind = (
            "uses something the view does not have"
            if isinstance(e, UndefinedError)
            else ("tried something the sandbox forbids" if isinstance(e, SecurityError) else "failed")
        )
        raise TemplateError(
            Problem(f"template {kind}: {e}", file=file or tpl.filename or name, line=line, rule="template.render")
        ) from None
