from __future__ import annotations

from mitmach_qgis.data.sharing import is_network_path


def test_network_mounts_are_detected(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/vda1 / ext4 rw 0 0\n"
        "//rathaus/gis /mnt/gis cifs rw 0 0\n"
        "server:/export /mnt/nfs nfs4 rw 0 0\n"
        "/dev/vdb1 /mnt/gis/local ext4 rw 0 0\n"
    )
    assert is_network_path("/mnt/gis/mitmach.gpkg", str(mounts))
    assert is_network_path("/mnt/nfs/a/b.gpkg", str(mounts))
    assert not is_network_path("/mnt/gis/local/x.gpkg", str(mounts)), "the deepest mount decides"
    assert not is_network_path("/home/planer/x.gpkg", str(mounts))
    assert not is_network_path("/mnt/gisx/y.gpkg", str(mounts))


def test_unc_paths_are_network_paths():
    assert is_network_path(r"\\rathaus\gis\mitmach.gpkg")
    assert is_network_path("//rathaus/gis/mitmach.gpkg")
