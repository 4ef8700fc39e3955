"""Writes the synthetic demo town (core/demo.py) into a new participation database: a GeoPackage file or a
schema on PostgreSQL/PostGIS (both stores have the same ``create``/``insert``)."""

from __future__ import annotations

from pathlib import Path

from ..core.demo import DemoTown
from .gpkg_store import GeoPackageStore, utc_now

DEMO_FILE = "mitmach-demo.gpkg"
DEMO_USER = "demo"


def street_key(street: str) -> str:
    """The gazetteer's matching key; geocoding (issue 4) refines the tolerant matching."""
    from ..core.addresses import normalise_street

    return normalise_street(street)


def demo_buildings_source(store):
    """The demo's building layer for clustering: the file's layer, or on PostGIS a memory layer read through
    the store's own connection (geometry, uuid, dwellings, heat demand), so no connection string — and no
    password given with the target — reaches a layer source."""
    if store.backend != "postgis":
        return f"{store.path}|layername=buildings"
    from .pg_layers import memory_layer

    return memory_layer(store, "buildings", ("uuid", "dwellings", "heat_demand_mwh_a"), "buildings",
                        types={"dwellings": "integer", "heat_demand_mwh_a": "double"})  # fmt: skip


def write_demo(target: str | Path, town: DemoTown, crs: str = "EPSG:25832", overwrite: bool = True):
    """A new participation database at ``target`` (a .gpkg path or a PostgreSQL target) holding the town;
    returns its store (GeoPackageStore or PostgisStore)."""
    from .stores import is_postgres

    if is_postgres(target):
        from .pg_store import PostgisStore

        create = PostgisStore.create
    else:
        create = GeoPackageStore.create
    store = create(
        str(target) if is_postgres(target) else target,
        crs=crs,
        areas=[("Pilotgebiet Bottrop (Demo)", [[list(town.area_ring)]])],
        overwrite=overwrite,
        optional_tables=("streets", "buildings"),
        user=DEMO_USER,
    )
    now = utc_now()
    with store.transaction() as conn:
        store.insert(
            conn,
            "streets",
            ({"uuid": s.uuid, "name": s.name, "geom": ("linestring", s.coords)} for s in town.streets),
        )
        store.insert(
            conn,
            "buildings",
            (
                {
                    "uuid": b.uuid, "kind": b.kind, "street": b.street, "house_number": b.house_number,
                    "postcode": b.postcode, "dwellings": b.dwellings, "heated_area_m2": b.heated_area_m2,
                    "year_built": b.year_built, "specific_demand_kwh_m2a": b.specific_demand_kwh_m2a,
                    "heat_demand_mwh_a": b.heat_demand_mwh_a, "geom": ("polygon", [list(b.ring)]),
                }
                for b in town.buildings
            ),
        )  # fmt: skip
        store.insert(
            conn,
            "addresses",
            (
                {
                    "uuid": a.uuid, "street": a.street, "house_number": a.house_number, "postcode": a.postcode,
                    "city": a.city, "street_key": street_key(a.street), "building_ref": a.building_uuid,
                    "geom": ("point", a.x, a.y),
                }
                for a in town.addresses
            ),
        )  # fmt: skip
        store.insert(
            conn,
            "participants",
            (
                {
                    "uuid": p.uuid, "given_name": p.given_name, "family_name": p.family_name, "street": p.street,
                    "house_number": p.house_number, "postcode": p.postcode, "city": p.city, "email": p.email,
                    "phone": p.phone, "role": p.role, "consent_contact": int(p.consent_contact),
                    "consent_contact_date": p.consent_contact_date, "consent_public_map": int(p.consent_public_map),
                    "consent_public_map_date": p.consent_public_map_date, "created_by": DEMO_USER,
                    "updated_by": DEMO_USER, "created_at": now, "updated_at": now,
                }
                for p in town.participants
            ),
        )  # fmt: skip
        store.insert(
            conn,
            "proposals",
            (
                {
                    "uuid": p.uuid, "participant_uuid": p.participant_uuid, "theme": p.theme,
                    "year_from": p.year_from, "year_to": p.year_to, "description": p.description,
                    "status": p.status, "rejection_reason": p.rejection_reason,
                    "officer": DEMO_USER if p.status != "submitted" else None,
                    "location_source": p.location_source, "location_quality": p.location_quality,
                    "source": p.source, "building_ref": p.building_ref, "in_area": 1,
                    "created_at": p.created_at, "updated_at": p.created_at, "created_by": DEMO_USER,
                    "updated_by": DEMO_USER, "geom": ("point", p.x, p.y),
                }
                for p in town.proposals
            ),
        )  # fmt: skip
        for table in ("streets", "buildings", "addresses", "proposals"):
            store.update_extent(conn, table)
    return store
