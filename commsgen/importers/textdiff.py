"""A unified diff for a text that only gained lines (what an import does), in one linear pass."""

from __future__ import annotations


def insertion_diff(a: list[str], b: list[str], name_a: str, name_b: str, n: int = 2) -> list[str] | None:
    """A unified diff of ``b`` = ``a`` plus inserted lines, in one linear pass (difflib's general
    matcher takes seconds on a 10,000-event import). None when ``b`` is not ``a`` plus insertions."""
    added: list[tuple[int, int, int]] = []  # (line in a, start in b, end in b): b[start:end] goes before a[line]
    i = j = 0
    while j < len(b):
        if i < len(a) and a[i] == b[j]:
            i, j = i + 1, j + 1
            continue
        k = j
        while j < len(b) and (i >= len(a) or a[i] != b[j]):
            j += 1
        added.append((i, k, j))
    if i != len(a):
        return None
    out = [f"--- {name_a}\n", f"+++ {name_b}\n"]
    hunks: list[list[tuple[int, int, int]]] = []
    for ins in added:  # insertions whose context overlaps share a hunk
        if hunks and ins[0] - hunks[-1][-1][0] <= 2 * n:
            hunks[-1].append(ins)
        else:
            hunks.append([ins])
    shift = 0  # lines inserted before the current hunk
    for h in hunks:
        lo, hi = max(0, h[0][0] - n), min(len(a), h[-1][0] + n)
        body, pos, count = [], lo, 0
        for line, s0, e0 in h:
            body += [" " + x for x in a[pos:line]]
            body += ["+" + x for x in b[s0:e0]]
            count += e0 - s0
            pos = line
        body += [" " + x for x in a[pos:hi]]
        old_len, new_len = hi - lo, hi - lo + count
        out.append(
            f"@@ -{lo + 1 if old_len else lo},{old_len} +{lo + shift + 1 if new_len else lo + shift},{new_len} @@\n"
        )
        out += body
        shift += count
    return out
