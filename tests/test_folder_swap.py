"""An output folder is filled beside the target and swapped in, never written in place.

``results.folder.write_folder``: while ``fill`` runs, the target still holds the old folder and
``fill`` writes elsewhere (a temporary sibling); a ``fill`` that fails leaves the old folder as
it was and no temporary behind; one that succeeds replaces the old folder whole (no old file
left over).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.results.folder import MARKER, write_folder


def old_folder(tmp_path: Path) -> Path:
    target = tmp_path / "out"
    write_folder(target, False, lambda p: (p / "old.csv").write_text("old\n"))
    return target


def test_fill_writes_beside_the_target_while_the_old_folder_stays(tmp_path: Path) -> None:
    target = old_folder(tmp_path)
    seen = []

    def fill(path: Path) -> None:
        seen.append(path)
        assert path.resolve() != target.resolve() and path.parent == target.parent
        assert (target / "old.csv").read_text() == "old\n"  # untouched while the new one fills
        assert not (target / "new.csv").exists()
        (path / "new.csv").write_text("new\n")
        assert not (target / "new.csv").exists()  # not written in place

    write_folder(target, True, fill)
    assert len(seen) == 1
    assert sorted(p.name for p in target.iterdir()) == sorted([MARKER, "new.csv"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary left


def test_a_failing_fill_leaves_the_old_folder_as_it_was(tmp_path: Path) -> None:
    target = old_folder(tmp_path)
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    def fill(path: Path) -> None:
        (path / "new.csv").write_text("half\n")
        raise RuntimeError("killed half way")

    with pytest.raises(RuntimeError, match="half way"):
        write_folder(target, True, fill)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
