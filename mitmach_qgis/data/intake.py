"""Saving what the officer entered: one participant and their ideas, in one transaction.

One code path for both stores (GeoPackageStore, PostgisStore): ``store.insert`` writes the point and the
booleans as each backend wants them, ``store.update_extent`` keeps the GeoPackage's extent (nothing to do on
PostGIS), and the SQL is what both understand.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from .gpkg_store import GeoPackageStore
    from .pg_store import PostgisStore

    Store = Union[GeoPackageStore, PostgisStore]


@dataclass(frozen=True)
class Location:
    x: float
    y: float
    source: str  # geocoded | clicked | moved | imported
    quality: str  # address | street | postcode | manual
    in_area: bool | None = None
    building_ref: str | None = None


@dataclass(frozen=True)
class Submission:
    """What the dialog hands over; uuids are chosen before the first save attempt so a retry never duplicates."""

    participant: dict
    ideas: tuple[dict, ...]
    location: Location
    participant_uuid: str
    proposal_uuids: tuple[str, ...]


def new_submission(participant: dict, ideas: Sequence[dict], location: Location) -> Submission:
    return Submission(
        participant=dict(participant),
        ideas=tuple(dict(i) for i in ideas),
        location=location,
        participant_uuid=str(uuidlib.uuid4()),
        proposal_uuids=tuple(str(uuidlib.uuid4()) for _ in ideas),
    )


def save_submission(store: Store, submission: Submission, user: str) -> tuple[str, tuple[str, ...]]:
    """Write the participant and one proposal per idea; all or nothing. Saving the same submission again is a no-op."""
    loc = submission.location
    with store.transaction() as conn:
        known = conn.execute(
            "SELECT 1 FROM participants WHERE uuid = ?", (submission.participant_uuid,)
        ).fetchone()
        if known:
            return submission.participant_uuid, submission.proposal_uuids
        store.insert(
            conn,
            "participants",
            [
                {
                    **submission.participant,
                    "uuid": submission.participant_uuid,
                    "created_by": user,
                    "updated_by": user,
                }
            ],
        )
        store.insert(
            conn,
            "proposals",
            (
                {
                    **idea,
                    "uuid": proposal_uuid,
                    "participant_uuid": submission.participant_uuid,
                    "status": "submitted",
                    "source": "officer",
                    "officer": user,
                    "location_source": loc.source,
                    "location_quality": loc.quality,
                    "in_area": None if loc.in_area is None else int(loc.in_area),
                    "building_ref": loc.building_ref,
                    "created_by": user,
                    "updated_by": user,
                    "geom": ("point", loc.x, loc.y),
                }
                for idea, proposal_uuid in zip(submission.ideas, submission.proposal_uuids)
            ),
        )
        store.update_extent(conn, "proposals")
    return submission.participant_uuid, submission.proposal_uuids
