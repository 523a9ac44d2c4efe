"""Put a freshly built site in place without rewriting the files that did not change.

``sync_tree(new, dest)`` is the last step of a build: ``new`` is the complete site just
built by MkDocs (in a temporary folder on the same file system as ``dest``), ``dest`` is the
site being served. Files whose bytes are the same keep their inode, bytes and mtime, so
rsync/CDN/browser caches and "what changed" tooling only see the pages whose content
changed.

How, and why this way (rather than rewriting files inside ``dest`` one by one):

1. every file of ``new`` whose bytes equal the file at the same path in ``dest`` is
   replaced, inside ``new``, by a hard link to the old file (link to a temporary name,
   then ``os.replace``) — ``new`` stays a complete site at every moment;
2. ``new`` and ``dest`` are exchanged in one atomic ``renameat2(RENAME_EXCHANGE)`` call
   (Linux); where that call does not exist, two renames in the same folder, with the old
   site put back if the second one fails;
3. the old tree (now at ``new``'s path) is deleted.

Guarantee: at every instant ``dest`` is one whole site — entirely the old one until the
exchange, entirely the new one after it; a crash or error in step 1 leaves ``dest``
untouched (only ``new`` was modified). With the two-rename fallback there is a window of
one rename in which ``dest`` does not exist, but never a mix of old and new files.
Rewriting files in place would instead leave a half-old, half-new site after a failure
(pages linking to pages that are not there yet), which is why it was not chosen.

Files that are no longer produced, and their empty folders, disappear with the old tree.
A file that cannot be hard-linked (another file system, a link limit) is simply kept as
the new copy and counted as written.
"""

from __future__ import annotations

import ctypes
import errno
import filecmp
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@dataclass(frozen=True)
class SyncStats:
    """What ``sync_tree`` did: files kept as they were, files written (new or changed), files removed."""

    unchanged: int
    written: int
    removed: int


def sync_tree(new: Path, dest: Path) -> SyncStats:
    """Move the site tree ``new`` to ``dest``, keeping unchanged files of ``dest`` (inode, mtime).

    ``new`` and ``dest`` must be on the same file system (build ``new`` next to ``dest``).
    After the call ``new`` no longer exists. See the module docstring for the guarantee.
    """
    new, dest = Path(new), Path(dest)
    if not new.is_dir():
        raise NotADirectoryError(new)
    if dest.exists() and not dest.is_dir():
        raise NotADirectoryError(dest)
    new_files = _files(new)
    old_files = _files(dest) if dest.exists() else set()
    unchanged = 0
    for rel in sorted(new_files & old_files):
        if _same_bytes(new / rel, dest / rel) and _link_over(dest / rel, new / rel):
            unchanged += 1
    stats = SyncStats(unchanged=unchanged, written=len(new_files) - unchanged, removed=len(old_files - new_files))
    _swap(new, dest)
    if new.exists():  # the old site, after the exchange
        shutil.rmtree(new)
    return stats


def _files(root: Path) -> set[str]:
    """Every regular file under root, as a path relative to root."""
    out = set()
    for folder, _dirs, names in os.walk(root):
        for name in names:
            p = Path(folder, name)
            if p.is_file() and not p.is_symlink():
                out.add(p.relative_to(root).as_posix())
    return out


def _same_bytes(a: Path, b: Path) -> bool:
    return filecmp.cmp(a, b, shallow=False)


def _link_over(old: Path, target: Path) -> bool:
    """Replace ``target`` by a hard link to ``old``, atomically; False if linking is not possible."""
    tmp = target.with_name(f".{target.name}.sync-link")
    try:
        if tmp.exists():
            tmp.unlink()
        os.link(old, tmp)
    except OSError as exc:
        if exc.errno in (errno.EXDEV, errno.EMLINK, errno.EPERM, errno.ENOTSUP, errno.EACCES):
            return False
        raise
    try:
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return True


def _swap(new: Path, dest: Path) -> None:
    """Exchange ``new`` and ``dest`` atomically if possible; else move ``dest`` aside, then ``new`` in."""
    if not dest.exists():
        os.rename(new, dest)
        return
    if _exchange(new, dest):
        return
    aside = new.with_name(new.name + ".previous")
    os.rename(dest, aside)
    try:
        os.rename(new, dest)
    except OSError:
        os.rename(aside, dest)
        raise
    os.rename(aside, new)  # so the caller's cleanup of ``new`` removes the old site


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE); False where the system does not offer it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))
