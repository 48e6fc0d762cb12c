"""Issue 3 figures: rendering all audiences of a 300-event postmortem in process (the TUI's
live-preview budget, target < 50 ms), and `commsgen render --audience all` against a bare
interpreter that imports the same libraries (for information: issue #15 withdrew its 1.5x target).

    python benchmarks/bench_render.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _timing import PY, time_cmds, time_fn
from generate import make_postmortem

from commsgen import pipeline
from commsgen.config import Config


def main() -> None:
    text = make_postmortem(300)
    loaded = pipeline.loads(text, "bench.yaml")
    cfg = Config()
    for aud in ("engineering", "executive", "customer"):  # warm template and scanner caches
        pipeline.build(loaded, cfg, aud, "md")

    def render_all():
        for aud in ("engineering", "executive", "customer"):
            pipeline.build(loaded, cfg, aud, "md")

    def preview():
        pipeline.preview(text, "bench.yaml", cfg)

    t_render = time_fn(render_all, runs=20)
    t_preview = time_fn(preview, runs=20)
    print(
        f"render 3 audiences (view + template + redaction gate + writing checks), 300 events "
        f"({len(text) / 1024:.0f} KB): {t_render * 1000:.1f} ms (target < 50 ms)"
    )
    print(f"full preview (load + validate + 4 outputs + every finding), same file: {t_preview * 1000:.1f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "pm.yaml"
        src.write_text(make_postmortem(40))
        # The baseline imports what commsgen imports from its libraries, by name. pydantic is lazy:
        # `import pydantic` loads little, and `from pydantic import Field` (every model module has it)
        # loads pydantic.fields, pydantic.types and annotated_types, 15-25 ms of library import time.
        imports = (
            "import yaml, jinja2, jinja2.sandbox, markdown_it, click, re2\n"
            "from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, "
            "ValidationError, ValidationInfo, field_validator, model_validator)"
        )
        # the baseline of earlier sessions: the modules, with only pydantic.BaseModel touched
        modules = "import pydantic, yaml, jinja2, markdown_it, click, re2; pydantic.BaseModel; import jinja2.sandbox"
        # commsgen ends without the interpreter's tear-down (commsgen.entry.exit_now), so the bare
        # scripts end the same way; the ordinary ending is shown too
        t = time_cmds(
            {
                "bare": [PY, "-c", imports + "\nimport os\nos._exit(0)"],
                "bare, ordinary exit": [PY, "-c", imports],
                "modules only": [PY, "-c", modules + "\nimport os\nos._exit(0)"],
                # pydantic loads its schema machinery only when a first model is built: a bare script
                # that validates one one-field model shows what any pydantic program pays (information)
                "one model": [PY, "-c", imports + "\nclass A(BaseModel):\n    x: int\nA(x=1)\nimport os\nos._exit(0)"],
                "cli": [PY, "-m", "commsgen", "render", str(src), "--audience", "all", "-o", str(Path(tmp) / "out")],
            },
            runs=int(os.environ.get("RUNS", "25")),
        )
        ms = lambda name: f"best {t.best(name) * 1000:.0f} ms, median {t.median(name) * 1000:.0f} ms"  # noqa: E731
        print(f"commsgen render --audience all (40 events), {len(t['cli'])} runs: {ms('cli')}")
        print(f"  bare interpreter + commsgen's library imports: {ms('bare')}")
        print(
            f"  ratio {t.paired('cli', 'bare'):.2f}x (median of run-by-run ratios; best/best "
            f"{t.best('cli') / t.best('bare'):.2f}x, median/median {t.median('cli') / t.median('bare'):.2f}x) "
            f"(information only: #15 withdrew the 1.5x target)"
        )
        for name in ("bare, ordinary exit", "modules only", "one model"):
            print(f"  vs {name}: {ms(name)}; ratio {t.paired('cli', name):.2f}x")


if __name__ == "__main__":
    main()
