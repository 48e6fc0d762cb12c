"""The ``commsgen`` program. The plain form of ``commsgen scan`` (the pre-commit hook's command) runs
without importing click, which is a good part of a small scan's start-up:

    commsgen [--config FILE] scan [--format text|json|sarif] FILE...

Anything else (help, other commands, other options, ``-`` or ``--``) goes to ``commsgen.cli``.
A ``render`` that asks for a PDF starts its WeasyPrint child process first of all (see
``commsgen.export.pdfchild.PdfProcess.prestart``), before commsgen's own modules are imported.

Two process-wide choices are made here, for the program only (a caller that imports commsgen as a
library keeps its own):
- pydantic plugins are off (``PYDANTIC_DISABLE_PLUGINS``, unless the environment already sets it). A
  plugin is any installed package that registers itself with pydantic; it would be handed every
  postmortem commsgen validates, secrets included.
- the program ends without the interpreter's tear-down (``commsgen.adapters.fastexit.exit_now``)
  once no other thread runs: freeing every module and object takes longer than a short command's
  own work.
"""

from __future__ import annotations

import sys

from commsgen.adapters.fastexit import exit_now


def plain_scan(argv: list[str]) -> tuple[str | None, str, list[str]] | None:
    """(config path, format, files) when ``argv`` is the plain form of ``scan``, else None."""
    config, i = None, 0
    if argv[:1] == ["--config"] and len(argv) > 1:
        config, i = argv[1], 2
    elif argv[:1] and argv[0].startswith("--config="):
        config, i = argv[0][len("--config=") :], 1
    if argv[i : i + 1] != ["scan"] or config == "":
        return None
    from commsgen.redact.command import FORMATS

    fmt, files, rest = "text", [], argv[i + 1 :]
    j = 0
    while j < len(rest):
        a = rest[j]
        if a == "--format" and j + 1 < len(rest):
            fmt, j = rest[j + 1], j + 2
        elif a.startswith("--format="):
            fmt, j = a[len("--format=") :], j + 1
        elif a.startswith("-"):
            return None
        else:
            files.append(a)
            j += 1
    return (config, fmt, files) if files and fmt in FORMATS else None


def wants_pdf(argv: list[str]) -> bool:
    """Whether ``argv`` looks like ``render ... --format pdf`` (a guess, made before parsing: a
    wrong yes costs a child process that is stopped unused, a wrong no only the head start)."""
    if "render" not in argv or "--" in argv:
        return False
    for k, a in enumerate(argv):
        if a in ("-f", "--format") and argv[k + 1 : k + 2] == ["pdf"]:
            return True
        if a in ("-fpdf", "--format=pdf"):
            return True
    return False


def _echo(text: str, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text)  # not text + "\n": a scan's JSON report can be megabytes
    stream.write("\n")
    stream.flush()


def _pydantic_plugins_off() -> None:
    """pydantic plugins are off unless the environment already says otherwise: a plugin would be
    handed every postmortem commsgen validates, secrets included."""
    import os

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _alone() -> bool:
    """Whether this is the only thread left (the interpreter's own shutdown would join the others:
    skipping it then could cut a thread's work short)."""
    import threading

    return threading.active_count() == 1


def main(argv: list[str] | None = None) -> None:
    program = argv is None  # the program itself, not a caller passing argv
    if program:
        _pydantic_plugins_off()
    if wants_pdf(sys.argv[1:] if argv is None else argv):
        from commsgen.export.pdfchild import PdfProcess

        PdfProcess.prestart()
    args = plain_scan(sys.argv[1:] if argv is None else argv)
    if args is None:
        from commsgen.cli import main as cli

        try:
            cli(args=argv)
        except SystemExit as e:
            if program and (e.code is None or isinstance(e.code, int)) and _alone():
                exit_now(e.code or 0)
            raise
        return
    from commsgen.redact.command import run_scan

    if program:
        # the program ends with the scan: the cyclic collector stays off to the end (the JSON report
        # pauses it anyway, for the many findings that form no cycle; switched back on, its first
        # pass would walk everything the scan leaves, only for the program to exit)
        import gc

        gc.disable()
    # (``commsgen.errors`` is imported where it is needed: a large file's learning round starts
    # before it would be)
    try:
        code = run_scan(args[2], args[1], args[0], _echo)
    except Exception as e:
        from commsgen.errors import EXIT_INTERNAL, UserError

        if isinstance(e, UserError):
            _echo(f"commsgen: {e.render()}", err=True)
            code = e.exit_code
        else:  # a bug, not a user mistake: as commsgen.cli does
            import traceback

            traceback.print_exc()
            _echo(
                "commsgen: internal error (this is a bug in commsgen, not in your file); "
                "please report it with the traceback above",
                err=True,
            )
            code = EXIT_INTERNAL
    if program and _alone():
        exit_now(code)
    sys.exit(code)
