"""Is a file on a network share? Decides the warning about SQLite's WAL mode (see gpkg_store)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smb3",
    "smbfs",
    "afs",
    "9p",
    "fuse.sshfs",
    "davfs",
    "fuse.davfs2",
    "ncpfs",
}


def is_network_path(path: str | Path, mounts_file: str = "/proc/mounts") -> bool:
    """True for UNC paths and mapped network drives (Windows) and files under a network mount (Linux)."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(text))[0] + "\\"
        return ctypes.windll.kernel32.GetDriveTypeW(drive) == 4  # DRIVE_REMOTE
    try:
        with open(mounts_file, encoding="utf-8") as fh:
            mounts = [line.split()[1:3] for line in fh if len(line.split()) >= 3]
    except OSError:
        return False
    target = os.path.realpath(text)
    best = ("", "")
    for mount_point, fs_type in mounts:
        mount_point = mount_point.replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) and len(
            mount_point
        ) > len(best[0]):
            best = (mount_point, fs_type)
    return best[1] in NETWORK_FS
