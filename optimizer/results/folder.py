"""Writing an output folder safely: checked before any work, swapped in atomically, one writer.

The promises (docs/robustness.md, promise 3):

- **Checked first** (``check_destination``, before a solve): ``--out`` is not the working
  folder or one of its parents, nor the scenario or one of its parents; an existing folder is
  replaced only with ``--force`` and only when this tool wrote it (it holds the marker file
  ``MARKER``) or it is empty; the nearest existing parent is writable. A report file is
  written only as a new file or over a regular file that is a report this tool wrote
  (``is_our_file``): never a device, a link, the results folder's own files or anyone's else.
- **Atomic** (``write_folder``): the new folder is filled as a temporary sibling, then swapped
  with the old one in one step (Linux ``renameat2(RENAME_EXCHANGE)``). Where that call is not
  available, a journal file records the swap so that the next writer to the same parent puts
  the old or the new folder back (``recover``): a kill at any instant leaves the old or the
  new folder at the target, never none.
- **Clean**: temporaries of a writer that is no longer running are removed by the next writer
  to the same parent.
- **One writer at a time**: the parent folder is locked (``fcntl.flock``) while the target is
  checked and swapped, so of several concurrent writers without ``--force`` exactly one writes
  and the others are told the folder exists.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

MARKER = ".balansplan"
FILE_MARKER = "<!-- written by balansplan -->"  # the last line of an HTML or Markdown report
_TMP = ".tmp-"  # .<name>.tmp-<pid>-<random>: a folder being filled
_OLD = ".old-"  # .<name>.old-<pid>: the old folder after a swap, being removed
_JOURNAL = ".swap-"  # .<name>.swap-<pid>: a swap in progress without renameat2
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class ResultsDirExists(Exception):
    """The output folder exists and ``force`` was not given."""

    def __init__(self, directory: str | os.PathLike):
        self.directory = str(directory)
        super().__init__(
            f"{self.directory} exists; give force=True to replace it (on the command line: "
            "--force), or another folder"
        )


class DestinationRefused(Exception):
    """An output path this tool will not write to (its message says why and what to do)."""


def check_destination(
    target: str | os.PathLike, force: bool, protect: tuple = (), folder: bool = True
) -> None:
    """Raise ``DestinationRefused``/``ResultsDirExists`` for a path that may not be written.

    ``protect``: paths (the scenario) that the target must not be, nor contain. ``folder``:
    the target is a folder (else a file, e.g. a report: it needs only a writable parent).
    """
    try:
        _check(Path(target), force, protect, folder)
    except OSError as exc:  # a name too long, a loop of links, ...: the system's own refusal
        raise DestinationRefused(f"{target}: {exc.strerror or exc}") from None


def _check(path: Path, force: bool, protect: tuple, folder: bool) -> None:
    """``check_destination`` itself (it turns an ``OSError`` into ``DestinationRefused``)."""
    target = path
    real = Path(os.path.abspath(path))
    cwd = Path.cwd()
    if real == cwd or real in cwd.parents:
        raise DestinationRefused(f"{target} is the working folder or one of its parents")
    for kept in protect:
        if kept is None:
            continue
        kept_real = Path(os.path.abspath(kept))
        if real == kept_real or real in kept_real.parents:
            raise DestinationRefused(f"{target} is the scenario {kept} or holds it")
    if path.exists() or path.is_symlink():
        if folder and not path.is_dir():
            raise DestinationRefused(f"{target} is a file, not a folder")
        if not folder and path.is_dir():
            raise DestinationRefused(f"{target} is a folder, not a file")
        if not folder and (path.is_symlink() or not stat.S_ISREG(path.lstat().st_mode)):
            raise DestinationRefused(
                f"{target} is not a regular file (a device, FIFO, socket or link); "
                "a report is written only as a new file or over a report this tool wrote"
            )
        if not force:
            raise ResultsDirExists(str(target))
        if folder and not is_ours(path):
            raise DestinationRefused(
                f"{target} was not written by balansplan (no {MARKER} file in it) and is not "
                "empty; --force replaces only folders this tool wrote"
            )
        if not folder and not is_our_file(path):
            raise DestinationRefused(
                f"{target} was not written by balansplan (it is no report of this tool); "
                "--force replaces only reports this tool wrote"
            )
    parent = _existing_parent(real)
    if not parent.is_dir():
        raise DestinationRefused(f"{target}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise DestinationRefused(f"{target}: the folder {parent} is not writable")


def is_ours(path: Path) -> bool:
    """A folder this tool wrote (it holds ``MARKER``), or an empty one."""
    try:
        return (path / MARKER).is_file() or not any(path.iterdir())
    except OSError:
        return False


def is_our_file(path: Path) -> bool:
    """A report this tool wrote: an Excel workbook whose creator is ``balansplan`` and that no
    one saved since (no ``lastModifiedBy``: a template filled in Excel is the user's), or an HTML
    or Markdown file that ends with ``FILE_MARKER`` (``report.render`` writes it last)."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as book:
                core = book.read("docProps/core.xml").decode("utf-8", "replace")
            # saved again by a person's Excel (lastModifiedBy set): theirs now, not ours
            return "<dc:creator>balansplan</dc:creator>" in core and "lastModifiedBy" not in core
        with open(path, "rb") as fh:
            fh.seek(max(0, path.stat().st_size - 256))
            return FILE_MARKER.encode() in fh.read()
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def write_folder(
    directory: str | os.PathLike, force: bool, fill: Callable[[Path], None], kind: str = "results"
) -> Path:
    """Let ``fill`` write into a temporary sibling folder, then swap it in (module docstring).

    An existing ``directory`` is refused (``ResultsDirExists``) unless ``force``, and then
    only replaced when this tool wrote it (``DestinationRefused`` otherwise).
    """
    target = Path(directory)
    check_destination(target, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target.parent, target.name)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}{_TMP}{os.getpid()}-", dir=target.parent))
    try:
        tmp.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a results folder is not
        fill(tmp)
        (tmp / MARKER).write_text(json.dumps({"tool": "balansplan", "kind": kind}) + "\n")
        with locked(target.parent):
            check_destination(target, force)  # again: another writer may have won meanwhile
            swap_in(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``folder`` (a directory) for the block."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def swap_in(tmp: Path, target: Path) -> None:
    """Put the complete folder ``tmp`` at ``target`` in one step; remove the old one after."""
    if not target.exists():
        os.rename(tmp, target)
        return
    if _exchange(tmp, target):  # tmp now holds the old folder
        shutil.rmtree(tmp, ignore_errors=True)
        return
    journaled_swap(tmp, target)


def journaled_swap(tmp: Path, target: Path) -> None:
    """The swap without ``renameat2``: old away, new in, with a journal for ``recover``."""
    old = target.with_name(f".{target.name}{_OLD}{os.getpid()}")
    journal = target.with_name(f".{target.name}{_JOURNAL}{os.getpid()}")
    journal.write_text(json.dumps({"target": target.name, "old": old.name, "new": tmp.name}))
    _fsync_dir(target.parent)
    os.rename(target, old)
    os.rename(tmp, target)
    journal.unlink()
    shutil.rmtree(old, ignore_errors=True)


def recover(parent: Path, name: str | None = None) -> None:
    """Finish or undo the swaps and remove the temporaries of writers no longer running, of the
    target ``name`` in ``parent`` (``None``: of every target there).

    A journal whose target is missing puts the new folder there if it is complete (it holds
    the marker), else the old one; then the leftover folder and the journal go. Only names this
    module makes (``.<target>.tmp-<pid>-...``, ``.old-<pid>``, ``.swap-<pid>``) are touched.
    """
    prefix = "." if name is None else f".{name}."
    try:
        names = [p.name for p in parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return
    for name in names:
        if _JOURNAL in name and not _alive(name):
            _replay(parent / name)
    for name in names:
        if (_TMP in name or _OLD in name) and not _alive(name):
            shutil.rmtree(parent / name, ignore_errors=True)


def _replay(journal: Path) -> None:
    try:
        entry = json.loads(journal.read_text())
        target, old, new = (journal.parent / entry[k] for k in ("target", "old", "new"))
    except (OSError, ValueError, KeyError, TypeError):
        journal.unlink(missing_ok=True)
        return
    if not target.exists():
        if (new / MARKER).is_file():
            os.rename(new, target)
        elif old.exists():
            os.rename(old, target)
    journal.unlink(missing_ok=True)


def _alive(name: str) -> bool:
    """Whether the pid written in a temporary's name is a running process."""
    for tag in (_TMP, _OLD, _JOURNAL):
        if tag in name:
            digits = name.split(tag, 1)[1].split("-", 1)[0]
            break
    else:
        return True
    if not digits.isdigit():
        return True
    pid = int(digits)
    if pid == os.getpid():
        return True  # this process may be filling it right now (another output)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exchange(a: Path, b: Path) -> bool:
    """``renameat2(a, b, RENAME_EXCHANGE)``; False where the system has no such call."""
    if os.environ.get("BALANSPLAN_NO_RENAMEAT2"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    c_int, c_path = ctypes.c_int, ctypes.c_char_p
    renameat2.argtypes = [c_int, c_path, c_int, c_path, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # no such call, or not this fs
        return False
    raise OSError(code, os.strerror(code), str(b))


def _existing_parent(path: Path) -> Path:
    for candidate in [path.parent, *path.parent.parents]:
        if candidate.exists():
            return candidate
    return Path("/")


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
