"""A review reads the periods before the one reviewed from records (``review PATHS``) or from the
index (``earlier.FromIndex``: SQL counts and tuples, prevent actions as counts): both give the same
review, on generated corpora (seasonal counts, recurring causes, actions done, late or overdue), for
every period form, with and without a service filter."""

from __future__ import annotations

from datetime import date

import pytest

from commsgen.kb import records, store
from commsgen.kb import index as kbindex
from commsgen.kb.earlier import FromIndex, actions_reader
from commsgen.kb.period import parse
from commsgen.kb.review import review
import kb_helpers  # noqa: F401  (puts benchmarks/ on the path)
from kb_corpus import generate


@pytest.fixture(scope="module", params=[(3, 200), (11, 120)])
def corpus(request, tmp_path_factory):
    """(folder, every record read from its files) of a generated corpus, indexed."""
    seed, n = request.param
    folder = tmp_path_factory.mktemp(f"gen{seed}")
    generate(folder, n, seed=seed)
    kbindex.run([], folder / ".commsgen" / "index.sqlite", jobs=1)
    everything, invalid = records.from_paths([str(folder)])
    assert not invalid
    return folder, everything


def _no_files(d: dict) -> dict:
    for x in d["excluded"]["items"]:
        x.pop("file")
    return d


@pytest.mark.slow
@pytest.mark.parametrize("label", ["2026Q4", "2026Q1", "2026-11", "2025-12..2026-02", "2026"])
@pytest.mark.parametrize("service", [None, "payments-api"])
def test_index_and_records_give_the_same_review(corpus, label, service):
    folder, everything = corpus
    p = parse(label)
    by_paths = review(everything, p, service=service, as_of=date(2026, 12, 31))
    con = store.connect(folder / ".commsgen" / "index.sqlite")
    period = records.from_index(con, p.start.isoformat(), p.end.isoformat())
    by_index = review(
        period, p, service=service, as_of=date(2026, 12, 31), actions_of=actions_reader(con), earlier=FromIndex(con)
    )
    assert _no_files(by_index) == _no_files(by_paths)
    if service is None:  # not an empty comparison
        assert by_index["postmortems"] and any(x["postmortems"] for x in by_index["previous"])
        assert label != "2026Q4" or any(t["earlier_prevent_actions"]["total"] for t in by_index["themes"])
