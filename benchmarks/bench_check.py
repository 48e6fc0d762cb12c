"""Issue 2 figures: `commsgen check` start-up vs bare imports; load+validate vs the C YAML parse.

python benchmarks/bench_check.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _timing import PY, ROOT, time_cmds, time_fn
from generate import make_postmortem

from commsgen.model.loader import loads


def main() -> None:
    samples = sorted((ROOT / "samples").glob("*.yaml"))
    sample = samples[0] if samples else None
    with tempfile.TemporaryDirectory() as tmp:
        if sample is None:
            sample = Path(tmp) / "sample.yaml"
            sample.write_text(make_postmortem(40))
        # The baseline is `python -c "import pydantic, yaml"`. `import pydantic` is lazy: it
        # loads almost nothing until a name is used, so two more scripts are timed for information:
        # the names commsgen imports from its libraries, and the floor of any program that
        # validates with a pydantic model (one one-field model, validated).
        t = time_cmds(
            {
                "bare": [PY, "-c", "import pydantic, yaml"],
                "names": [
                    PY,
                    "-c",
                    "import yaml, click\nfrom pydantic import (AfterValidator, BaseModel, BeforeValidator, "
                    "ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator)",
                ],
                "one model": [PY, "-c", "import pydantic, yaml\nclass A(pydantic.BaseModel):\n    x: int\nA(x=1)"],
                "check": [PY, "-m", "commsgen", "check", str(sample)],
            },
            runs=int(os.environ.get("RUNS", "15")),
        )
        ms = lambda name: f"best {t.best(name) * 1000:.0f} ms, median {t.median(name) * 1000:.0f} ms"  # noqa: E731
        print(f"check start-up: commsgen check {sample.name}, {len(t['check'])} runs: {ms('check')}")
        print(
            f"  vs python -c 'import pydantic, yaml': {ms('bare')}; ratio {t.paired('check', 'bare'):.2f}x "
            f"(median of run-by-run ratios) (target <= 1.5x)"
        )
        print(
            f"  vs the names commsgen imports from pydantic, yaml and click: {ms('names')}; "
            f"ratio {t.paired('check', 'names'):.2f}x"
        )
        print(
            f"  floor: python -c 'import pydantic, yaml' + one one-field BaseModel validated: {ms('one model')}"
            f" = {t.paired('one model', 'bare'):.2f}x the issue's baseline"
        )

    # a ~12 KB postmortem
    n = 20
    text = make_postmortem(n)
    while len(text.encode()) < 12 * 1024:
        n += 5
        text = make_postmortem(n)
    parse = time_fn(lambda: yaml.load(text, Loader=yaml.CSafeLoader), runs=50)
    load = time_fn(lambda: loads(text, "bench.yaml"), runs=50)
    print(
        f"12 KB load+validate ({len(text.encode()) / 1024:.1f} KB, {n} events): {load * 1000:.2f} ms; "
        f"CSafeLoader parse only: {parse * 1000:.2f} ms; ratio {load / parse:.2f}x (target <= 2x)"
    )

    big = make_postmortem(5000)
    t = time_fn(lambda: loads(big, "big.yaml"), runs=3)
    print(
        f"5,000-event postmortem ({len(big.encode()) / 1024:.0f} KB) load+validate: {t * 1000:.0f} ms (target < 1000 ms)"
    )


if __name__ == "__main__":
    main()
