"""Issue 2 figures: `commsgen check` start-up vs bare imports; load+validate vs the C YAML parse.

    python benchmarks/bench_check.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _timing import PY, ROOT, time_cmd, time_fn  # noqa: E402
from generate import make_postmortem  # noqa: E402

from commsgen.model.loader import loads  # noqa: E402


def main() -> None:
    samples = sorted((ROOT / "samples").glob("*.yaml"))
    sample = samples[0] if samples else None
    with tempfile.TemporaryDirectory() as tmp:
        if sample is None:
            sample = Path(tmp) / "sample.yaml"
            sample.write_text(make_postmortem(40))
        bare = time_cmd([PY, "-c", "import pydantic, yaml"])
        # `import pydantic` is lazy: it loads almost nothing until BaseModel is touched. The second
        # baseline makes the interpreter really load the libraries check uses (pydantic, yaml, click).
        loaded = time_cmd([PY, "-c", "import pydantic, yaml, click; pydantic.BaseModel"])
        # the floor for any program that validates with a pydantic model: one one-field model
        one_model = time_cmd([PY, "-c", "import pydantic, yaml\nclass A(pydantic.BaseModel):\n    x: int\nA(x=1)"])
        check = time_cmd([PY, "-m", "commsgen", "check", str(sample)])
        print(f"check start-up: commsgen check {sample.name}: {check * 1000:.0f} ms")
        print(f"  vs python -c 'import pydantic, yaml': {bare * 1000:.0f} ms; ratio {check / bare:.2f}x (target <= 1.5x)")
        print(f"  vs python -c 'import pydantic, yaml, click; pydantic.BaseModel': {loaded * 1000:.0f} ms; "
              f"ratio {check / loaded:.2f}x")
        print(f"  floor: python -c 'import pydantic, yaml' + one one-field BaseModel validated: {one_model * 1000:.0f} ms"
              f" = {one_model / bare:.2f}x the first baseline")

    # a ~12 KB postmortem
    n = 20
    text = make_postmortem(n)
    while len(text.encode()) < 12 * 1024:
        n += 5
        text = make_postmortem(n)
    parse = time_fn(lambda: yaml.load(text, Loader=yaml.CSafeLoader), runs=50)
    load = time_fn(lambda: loads(text, "bench.yaml"), runs=50)
    print(f"12 KB load+validate ({len(text.encode()) / 1024:.1f} KB, {n} events): {load * 1000:.2f} ms; "
          f"CSafeLoader parse only: {parse * 1000:.2f} ms; ratio {load / parse:.2f}x (target <= 2x)")

    big = make_postmortem(5000)
    t = time_fn(lambda: loads(big, "big.yaml"), runs=3)
    print(f"5,000-event postmortem ({len(big.encode()) / 1024:.0f} KB) load+validate: {t * 1000:.0f} ms (target < 1000 ms)")


if __name__ == "__main__":
    main()
