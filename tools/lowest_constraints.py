"""Print a pip constraints file that pins every runtime dependency of pyproject.toml to the lowest
version its specifier allows (``>=X`` or ``~=X`` gives ``==X``; ``==X`` stays). Used by
``make test-lowest``: the suite must pass on the oldest versions we claim to support, not only on
the newest that pip picks today."""

import re
import sys
import tomllib
from pathlib import Path


def lowest(requirements: list[str]) -> list[str]:
    out = []
    for req in requirements:
        m = re.match(r"\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)", req)
        if not m:
            continue
        name, spec = m.group(1), m.group(3)
        low = re.search(r"(?:>=|~=|==)\s*([0-9][^,;\s]*)", spec)
        if low:
            out.append(f"{name}=={low.group(1)}")
    return out


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    print("\n".join(lowest(project["dependencies"])))
