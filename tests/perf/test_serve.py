"""``liaison serve --workers N``: one worker per CPU in production unless told otherwise, one in
development; nonsense counts are refused by the parser."""

import os

import pytest

from liaison.cli import parser, serving_workers


def test_workers_default_to_the_cpus_in_production_only():
    assert serving_workers(None, production=True) == (os.cpu_count() or 1)
    assert serving_workers(None, production=False) == 1
    assert serving_workers(3, production=True) == 3


@pytest.mark.parametrize("count", ["0", "-1", "65", "two"])
def test_nonsense_worker_counts_are_refused(count, capsys):
    with pytest.raises(SystemExit) as refused:
        parser().parse_args(["serve", "--workers", count])
    assert refused.value.code == 2
    assert "--workers" in capsys.readouterr().err
