"""Batch mode: many postmortems in, one folder of outputs per postmortem out.

Work is spread over processes. Workers load, build and write each postmortem's outputs into a
private staging folder; the parent, as the results come in (in input order), checks for duplicate
ids and swaps each staging folder into place as ``OUT/<id>/`` (a rename), so a re-run replaces a
postmortem's results whole and never leaves stale files of the same id. Heavy imports (WeasyPrint)
and the first file's warm-up happen in the parent before the workers fork, so they are paid once,
not per file or per worker (``_run_pool``).
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from commsgen.config import Config
from commsgen.errors import EXIT_INTERNAL, InputError, Problem, UserError, exit_code
from commsgen.outputs import BATCH_OUTPUTS, OUTPUT_NAMES

SUFFIXES = (".yaml", ".yml", ".json")


def select_outputs(audiences: Iterable[str], formats: Iterable[str]) -> list[tuple[str, str]]:
    """The (audience, format) pairs to write for ``--audience``/``--format`` choices (empty = default)."""
    audiences, formats = list(audiences), list(formats)
    if not audiences and not formats:
        return list(BATCH_OUTPUTS)
    if audiences and not formats:
        return [p for p in BATCH_OUTPUTS if p[0] in audiences]
    pool = [p for p in OUTPUT_NAMES if (not audiences or p[0] in audiences) and p[1] in formats]
    if not pool:
        raise UserError(
            Problem(
                f"no output matches --audience {','.join(audiences) or '(any)'} "
                f"--format {','.join(formats)}; valid pairs: " + ", ".join(f"{a}/{f}" for a, f in OUTPUT_NAMES),
                rule="usage.outputs",
            )
        )
    return pool


def collect(paths: Iterable[str]) -> list[Path]:
    """Files, folders (recursively: *.yaml, *.yml, *.json) and globs, in a stable order, once each."""
    out: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path, real: Path | None = None) -> None:
        rp = p.resolve() if real is None else real
        if rp not in seen:
            seen.add(rp)
            out.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f, real in _walk(p, p.resolve()):
                add(f, real)
        elif p.exists():
            add(p)
        elif any(ch in raw for ch in "*?["):
            matches = sorted(glob.glob(raw, recursive=True))
            for m in matches:
                if Path(m).is_file():
                    add(Path(m))
        else:
            add(p)  # reported as missing by the loader, with its name
    return out


def _walk(top: Path, real: Path) -> Iterator[tuple[Path, Path | None]]:
    """The postmortem files below the folder ``top`` (its real path ``real``), in the order of
    ``sorted(top.rglob("*"))`` (each folder's entries by name, a folder's files after it), each with
    its real path, or None for a link (resolved by the caller). Hidden files and folders are left
    out, and, as ``rglob`` does, linked folders are not entered and a folder that cannot be read is
    passed over. So a file found that is no link itself is, in full, ``real`` and its path below it:
    no ``resolve`` (which looks at every part of the path) and no ``stat`` per file."""
    try:
        with os.scandir(top) as it:
            entries = sorted(it, key=_NAME)
    except PermissionError:
        return
    for e in entries:
        name = e.name
        if name.startswith("."):
            continue
        if e.is_dir(follow_symlinks=False):
            yield from _walk(top / name, real / name)
            continue
        dot = name.rfind(".")
        if not 0 < dot < len(name) - 1 or name[dot:].lower() not in SUFFIXES:
            continue
        if e.is_symlink():
            if e.is_file():
                yield top / name, None
        elif e.is_file(follow_symlinks=False):
            yield top / name, real / name


_NAME = attrgetter("name")


@dataclass
class Result:
    file: str
    id: str | None = None
    written: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # output name -> reason
    error: str | None = None  # invalid input: the first problem
    warnings: list[str] = field(default_factory=list)  # what reading the file noticed
    staging: str | None = None
    internal: bool = False  # the error is a bug in commsgen

    @property
    def status(self) -> str:
        return "invalid" if self.error else ("refused" if self.refused else "written")

    def public(self) -> dict:
        """The summary's record (``dataclasses.asdict`` less ``staging`` and ``internal``, plus
        ``status``), built directly: asdict's deep copy is most of a thousand-file summary's time."""
        return {
            "file": self.file,
            "id": self.id,
            "written": list(self.written),
            "refused": dict(self.refused),
            "error": self.error,
            "warnings": list(self.warnings),
            "status": self.status,
        }


# ----------------------------------------------------------------------------- worker side
_STATE: dict = {}


def _init(config: Config, outputs: list[tuple[str, str]], stage_root: str) -> None:
    from commsgen.pipeline import lint_can_block

    # the summary reports what was written or refused: writing warnings would be computed for
    # nobody, so the writing checks run only where the configuration lets them refuse an output
    _STATE.update(config=config, outputs=outputs, stage_root=stage_root, lint=lint_can_block(config))


# the collector's threshold in a worker: nearly everything a file makes is freed by reference counting
# when the file is done, so collections at the default pace (every 700 net allocations, about twice
# a file) find next to nothing; at this pace a worker collects a few times per run
WORKER_GC_THRESHOLD = (20_000, 20, 20)


def _worker_init(config: Config, outputs: list[tuple[str, str]], stage_root: str) -> None:
    import gc

    from commsgen.adapters import rymlread

    _init(config, outputs, stage_root)
    gc.set_threshold(*WORKER_GC_THRESHOLD)
    # a worker has no user interface and one thread: plain YAML files are read through rapidyaml
    # there (its error output on descriptor 2 is sent to /dev/null while it parses)
    rymlread.enable()


def process_one(index: int, path: str) -> Result:
    """Load one postmortem and write its outputs into its staging folder. Nothing a file holds
    ends the run: its problem becomes this result's ``error`` (a bug in commsgen too, marked
    ``internal``), and the other files go on."""
    res = Result(file=path)
    try:
        _process(index, path, res)
    except UserError as e:
        res.error = e.problems[0].paragraph()
    except Exception as e:  # a bug: reported for this file (exit 3), the other files go on
        res.error = f"{path}: internal error (a bug in commsgen, not in your file): {type(e).__name__}: {e}"
        res.internal = True
    if res.error:
        res.written.clear()
    return res


def _process(index: int, path: str, res: Result) -> None:
    from commsgen import pipeline
    from commsgen.produce import produce
    from commsgen.staging import dirname_problem, safe_dirname

    loaded = pipeline.load(path)
    res.id = loaded.postmortem.id
    res.warnings = [f"warning {p.rule}: {p.paragraph()}" for p in loaded.warnings]
    problem = dirname_problem(safe_dirname(res.id))
    if problem:
        raise UserError(Problem(problem, file=path, field="id", rule="batch.id-too-long"))
    stage = Path(_STATE["stage_root"]) / f"{index:07d}"
    stage.mkdir(parents=True, exist_ok=True)
    res.staging = str(stage)
    # the staging folder is private to this run and swapped into place whole (a rename): that
    # swap is what makes the result atomic, so a plain write is enough here
    for made in produce(
        loaded,
        _STATE["config"],
        _STATE["outputs"],
        lambda out: stage / out.filename,
        atomic=False,
        keep_going=True,
        lint=_STATE["lint"],
    ):
        if made.path is not None:
            res.written.append(made.output.filename)
        else:
            res.refused[made.output.filename] = made.output.refused or "refused"


# ----------------------------------------------------------------------------- parent side
def run(
    paths: list[str],
    out_dir: Path,
    config: Config,
    outputs: list[tuple[str, str]],
    *,
    jobs: int | None = None,
    progress=None,
) -> list[Result]:
    from commsgen.atomic import write_error
    from commsgen.staging import StagingRoot, clean_stale

    files = collect(paths)
    if not files:
        raise InputError(
            Problem("no postmortem files (*.yaml, *.yml, *.json) found in " + ", ".join(paths), rule="input.missing")
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        clean_stale(out_dir)
        stage = StagingRoot(out_dir)
    except OSError as e:
        raise write_error(out_dir, e) from None
    jobs = max(1, jobs or os.cpu_count() or 1)
    jobs = min(jobs, len(files))
    if any(fmt == "pdf" for _, fmt in outputs):
        from commsgen.export import pdf as _pdf  # noqa: F401  (imported once, before the fork)
    stage_root = str(stage.path)
    results: list[Result] = []
    place = _Placer(out_dir, stage)
    try:
        _init(config, outputs, stage_root)
        if jobs == 1:
            results = _run_here(files, progress, place)
        else:
            results = _run_pool(files, jobs, config, outputs, stage_root, progress, place)
    finally:
        stage.close()
    return results


def _run_here(files: list[Path], progress, place: Callable[[Result], None]) -> list[Result]:
    """The files one after the other in this process, which then collects garbage as a worker does
    (``WORKER_GC_THRESHOLD``, what exists after the first file frozen out of the collector's
    generations); the collector's settings are restored at the end."""
    import gc

    first = process_one(0, str(files[0]))
    place(first)
    if progress:
        progress(1, len(files))
    threshold, frozen = gc.get_threshold(), gc.isenabled()
    if frozen:
        gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLD)
    try:
        it = (process_one(i, str(f)) for i, f in enumerate(files[1:], 1))
        return [first, *_drain(it, len(files), progress, place, done=1)]
    finally:
        gc.set_threshold(*threshold)
        if frozen:
            gc.unfreeze()


def _run_pool(
    files: list[Path],
    jobs: int,
    config: Config,
    outputs: list[tuple[str, str]],
    stage_root: str,
    progress,
    place: Callable[[Result], None],
) -> list[Result]:
    """The files over ``jobs`` worker processes, forked from this one (single-threaded, warm):

    - the first file is processed here, before the fork: what every worker would otherwise pay
      once on its first file (the lazy imports, compiled patterns and templates, the rule tables)
      is paid once and inherited. Not for PDF outputs: the parent only imports WeasyPrint, so no
      PDF machinery (fonts, a renderer's threads) is running when it forks;
    - what exists then is frozen out of the collector's generations (``gc.freeze``), so the
      workers' collections do not walk the inherited objects (nor copy their pages);
    - where fork is missing, or a thread is running (forking copies a running thread's locks, not
      the thread), the workers are started afresh (``spawn``) and warm up on their own.
    """
    import gc
    import multiprocessing as mp
    import threading
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    fork = "fork" in mp.get_all_start_methods() and threading.active_count() == 1
    first: list[Result] = []
    if fork and not any(fmt == "pdf" for _, fmt in outputs):
        first = [process_one(0, str(files[0]))]  # counted by the first progress report, after the fork
        place(first[0])
    todo = files[len(first) :]
    jobs = min(jobs, len(todo))
    ctx = mp.get_context("fork" if fork else "spawn")
    frozen = fork and gc.isenabled()
    if frozen:  # no collection first: after the imports and one file it finds nothing to free
        gc.freeze()
    results = list(first)
    try:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=ctx, initializer=_worker_init, initargs=(config, outputs, stage_root)
        ) as ex:
            parts = [(start, [str(f) for f in files[start:end]]) for start, end in chunks(len(first), len(files), jobs)]
            it = ex.map(_process_many, parts)
            _drain((r for done in it for r in done), len(files), progress, place, done=len(first), out=results)
            return results
    except BrokenProcessPool:
        pass  # a worker died: below
    finally:
        if frozen:
            gc.unfreeze()
    # A worker died (killed, out of memory, a crash in a C library): the files not reported yet are
    # done here, one by one, as ``batch --jobs 1`` does them (the PyYAML path: the workers' reader is
    # not enabled in this process). Their staging folders are emptied first: the dead worker may
    # have left part of an output there. Results keep input order: the pool reports in order.
    import shutil

    def redo(i: int, f: Path) -> Result:
        shutil.rmtree(Path(stage_root) / f"{i:07d}", ignore_errors=True)
        return process_one(i, str(f))

    rest = (redo(i, f) for i, f in enumerate(files[len(results) :], len(results)))
    _drain(rest, len(files), progress, place, done=len(results), out=results)
    return results


# the most files handed to a worker at once (see ``chunks``)
MAX_CHUNK = 64


def chunks(start: int, end: int, jobs: int) -> list[tuple[int, int]]:
    """The index ranges ``[a, b)`` of ``start..end`` handed out to ``jobs`` workers, one at a time as
    each becomes free. A chunk is at most ``MAX_CHUNK`` files and an eighth of each worker's share
    (a few messages, and files slow to render, PDFs, one by one), and at most a quarter of the
    files not yet handed out (two workers; an eighth for four): smaller towards the end, so that the
    workers finish within a file or two of each other, where equal chunks could keep one worker
    busy for a whole chunk while the other waits."""
    cap = max(1, min(MAX_CHUNK, (end - start) // (jobs * 8)))
    out = []
    while start < end:
        size = max(1, min(cap, (end - start) // (jobs * 2)))
        out.append((start, start + size))
        start += size
    return out


def _process_many(part: tuple[int, list[str]]) -> list[Result]:
    """``process_one`` of each file of a chunk (its first index, its paths), in order."""
    start, paths = part
    return [process_one(i, path) for i, path in enumerate(paths, start)]


def _drain(
    it, total: int, progress, place: Callable[[Result], None], done: int = 0, out: list[Result] | None = None
) -> list[Result]:
    """Each result of ``it`` placed and appended to ``out`` (a new list by default) as it comes in,
    so that what came in before ``it`` fails is kept."""
    out = [] if out is None else out
    start = len(out)
    for r in it:
        place(r)
        out.append(r)
        if progress:
            progress(done + len(out) - start, total)
    return out


class _Placer:
    """Places each result as it comes in, in input order: the later file of a duplicate id is an
    error; every other staging folder replaces ``out_dir/<id>`` whole (a rename), so the parent
    renames while the workers still work. A folder that cannot be placed (the name is taken by a
    file or a symbolic link, no permission) is that file's error; the others are still placed."""

    def __init__(self, out_dir: Path, stage) -> None:
        self.out_dir, self.stage = out_dir, stage
        self.owners: dict[str, str] = {}

    def __call__(self, r: Result) -> None:
        from commsgen.atomic import write_error
        from commsgen.staging import safe_dirname

        if r.error or r.id is None:
            return
        key = safe_dirname(r.id)
        if key in self.owners:
            r.error = f"{r.file}: duplicate id `{r.id}` (already used by {self.owners[key]}); ids must be unique"
            r.written.clear()
            r.refused.clear()
            return
        self.owners[key] = r.file
        target = self.out_dir / key
        try:  # one look at the name (not through a link): in a new output folder it is free
            mode: int | None = os.lstat(target).st_mode
        except (FileNotFoundError, NotADirectoryError):
            mode = None
        if mode is not None and not stat.S_ISDIR(mode):
            what = "a symbolic link" if stat.S_ISLNK(mode) else "a file"
            r.error = (
                f"{r.file}: the output folder {target} is {what}, not a folder; commsgen neither "
                "replaces nor writes through it: move it away"
            )
            r.written.clear()
            return
        try:
            if r.written:
                self.stage.place(r.staging, target, free=mode is None)
            elif mode is not None:
                self.stage.remove(target)  # nothing written this time: no stale outputs of this id remain
        except OSError as e:
            r.error = write_error(target, e).problems[0].paragraph()
            r.written.clear()


def batch_exit_code(results: list[Result]) -> int:
    if any(r.internal for r in results):
        return EXIT_INTERNAL
    return exit_code(invalid=any(r.error for r in results), blocked=any(r.refused for r in results))
