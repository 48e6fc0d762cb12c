"""Issue 3 figures: rendering all audiences of a 300-event postmortem in process (the TUI's
live-preview budget, target < 50 ms), and `commsgen render --audience all` against a bare
interpreter that imports the same libraries (target <= 1.5x).

    python benchmarks/bench_render.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _timing import PY, time_cmd, time_fn  # noqa: E402
from generate import make_postmortem  # noqa: E402

from commsgen import pipeline  # noqa: E402
from commsgen.config import Config  # noqa: E402


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
    print(f"render 3 audiences (view + template + redaction gate + writing checks), 300 events "
          f"({len(text) / 1024:.0f} KB): {t_render * 1000:.1f} ms (target < 50 ms)")
    print(f"full preview (load + validate + 4 outputs + every finding), same file: {t_preview * 1000:.1f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "pm.yaml"
        src.write_text(make_postmortem(40))
        bare = time_cmd([PY, "-c", "import pydantic, yaml, jinja2, markdown_it, click, re2; pydantic.BaseModel; "
                                   "import jinja2.sandbox"])
        cli = time_cmd([PY, "-m", "commsgen", "render", str(src), "--audience", "all", "-o", str(Path(tmp) / "out")])
        # pydantic loads its schema machinery only when a first model is built: a bare script that
        # validates one one-field model shows what any pydantic program pays (for information; the
        # target is against the plain imports above)
        used = time_cmd([PY, "-c", "import pydantic, yaml, jinja2, markdown_it, click, re2, jinja2.sandbox\n"
                                   "class A(pydantic.BaseModel):\n    x: int\nA(x=1)"])
        print(f"commsgen render --audience all (40 events): {cli * 1000:.0f} ms; bare interpreter + the same "
              f"libraries imported: {bare * 1000:.0f} ms; ratio {cli / bare:.2f}x (target <= 1.5x)")
        print(f"  the same with one pydantic model validated: {used * 1000:.0f} ms; ratio {cli / used:.2f}x")


if __name__ == "__main__":
    main()
