"""Shared pytest configuration."""

import pytest


@pytest.fixture
def progress_bars(monkeypatch):
    """Record the progress bars the CLI makes: a list of ``[total, show, unit, bar, steps]``,
    ``steps`` the sum of the bar's updates (a disabled tqdm bar counts none itself)."""
    import optimizer.batch.progress as progress

    made, real = [], progress.progress_bar

    def recording(total, show, **kw):
        bar = real(total, show, **kw)
        entry = [total, show, kw.get("unit"), bar, 0]
        update = bar.update

        def counted(n=1):
            entry[4] += n
            return update(n)

        bar.update = counted
        made.append(entry)
        return bar

    monkeypatch.setattr(progress, "progress_bar", recording)
    return made
