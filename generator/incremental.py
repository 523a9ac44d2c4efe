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

A file of ``new`` that is about to be published and has other hard links (a page of the
build's kept output, generator.kept_site) is first replaced by a copy of its own: a published
file never shares its inode with a file that a later build may write in place.

Files that are no longer produced, and their empty folders, disappear with the old tree.
A file that cannot be hard-linked (another file system, a link limit) is simply kept as
the new copy and counted as written.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Iterator
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
    new_files = _files(str(new))
    old_files = _files(str(dest)) if dest.exists() else {}
    kept: set[str] = set()
    for rel in sorted(new_files.keys() & old_files.keys()):
        (new_size, new_id, _), (old_size, old_id, _) = new_files[rel], old_files[rel]
        if new_id == old_id:  # already one file (the new tree was made of hard links to the old)
            kept.add(rel)
        elif new_size == old_size:  # compare the bytes
            old_path, new_path = os.path.join(dest, rel), os.path.join(new, rel)
            if _same_bytes(new_path, old_path) and _link_over(old_path, new_path):
                kept.add(rel)
    for rel, (_, _, links) in new_files.items():
        if links > 1 and rel not in kept:
            _own_copy(os.path.join(new, rel))
    unchanged = len(kept)
    stats = SyncStats(
        unchanged=unchanged, written=len(new_files) - unchanged, removed=len(old_files.keys() - new_files.keys())
    )
    _swap(new, dest)
    if new.exists():  # the old site, after the exchange
        shutil.rmtree(new)
    return stats


def _files(root: str) -> dict[str, tuple[int, tuple[int, int], int]]:
    """Every regular file under root (not following links): relative path → (size in bytes,
    (device, inode), number of hard links)."""
    return {rel: (st.st_size, (st.st_dev, st.st_ino), st.st_nlink) for rel, st in regular_files(root)}


def _own_copy(path: str) -> None:
    """Replace the file at ``path`` by a copy with an inode of its own (atomically)."""
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.sync-copy")
    shutil.copyfile(path, tmp)
    os.replace(tmp, path)


def regular_files(
    root: str | os.PathLike, *, missing_ok: bool = False, remove_others: bool = False
) -> Iterator[tuple[str, os.stat_result]]:
    """Every regular file under ``root`` as (relative path, its stat), links not followed.

    ``missing_ok``: a folder that is gone is skipped (else FileNotFoundError). ``remove_others``:
    links and special files are deleted as they are met (nothing the build makes is one).
    """
    todo = [""]
    while todo:
        rel_dir = todo.pop()
        try:
            it = os.scandir(os.path.join(root, rel_dir))
        except FileNotFoundError:
            if not missing_ok:
                raise
            continue
        with it as entries:
            for entry in entries:
                rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
                if entry.is_dir(follow_symlinks=False):
                    todo.append(rel)
                elif entry.is_file(follow_symlinks=False):
                    yield rel, entry.stat(follow_symlinks=False)
                elif remove_others:
                    os.unlink(os.path.join(root, rel))


def _same_bytes(a: str, b: str) -> bool:
    """Whether two files hold the same bytes (raw descriptors: a site is thousands of small files)."""
    fa = os.open(a, os.O_RDONLY)
    try:
        fb = os.open(b, os.O_RDONLY)
        try:
            while True:
                x, y = os.read(fa, 1 << 20), os.read(fb, 1 << 20)
                if x != y:
                    return False
                if not x:
                    return True
        finally:
            os.close(fb)
    finally:
        os.close(fa)


def _link_over(old: str, target: str) -> bool:
    """Replace ``target`` by a hard link to ``old``, atomically; False if linking is not possible."""
    folder, name = os.path.split(target)
    tmp = os.path.join(folder, f".{name}.sync-link")
    try:
        try:
            os.link(old, tmp)
        except FileExistsError:  # left over from an interrupted sync
            os.unlink(tmp)
            os.link(old, tmp)
    except OSError as exc:
        if exc.errno in (errno.EXDEV, errno.EMLINK, errno.EPERM, errno.ENOTSUP, errno.EACCES):
            return False
        raise
    try:
        os.replace(tmp, target)
    except OSError:
        os.unlink(tmp)
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
