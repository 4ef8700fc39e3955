"""The geocoder chain of a database (gazetteer, then the optional web geocoder) and the import's locate hook.

Shared by the new-proposal dialog, the import algorithm and the CLI, so they find addresses alike.
"""

from __future__ import annotations

from ..core.settings import Settings


def build_geocoder(store, url: str | None = None):
    """Gazetteer of the database first, then the web geocoder: ``url`` when given (CLI ``--geocoder``),
    else the one switched on in the settings."""
    from ..core.geocoding import ChainGeocoder, NominatimGeocoder
    from .geocode_store import SqliteGeocodeCache, area_test_from_store, gazetteer_from_store
    from .network import requests_proxies_from_qgis, to_db_crs_function

    if not url and Settings.GEOCODER_ENABLED.value():
        url = (Settings.GEOCODER_URL.value() or "").strip()
    web = None
    if url:
        web = NominatimGeocoder(
            url,
            to_db_crs_function(f"EPSG:{store.srs_id}"),
            cache=SqliteGeocodeCache(store),
            timeout=float(Settings.GEOCODER_TIMEOUT_S.value()),
            proxies=requests_proxies_from_qgis(),
            email=Settings.GEOCODER_EMAIL.value() or "",
        )
    return ChainGeocoder(gazetteer_from_store(store), web, area_test_from_store(store))


def make_locate(store, url: str | None = None):
    """The import's hook: participant dict → (x, y, location_source, location_quality), or None when the
    address is not found or not unique (an ambiguous address is skipped for the officer, never guessed)."""
    from ..core.geocoding import AddressQuery

    geocoder = build_geocoder(store, url)

    def locate(participant: dict):
        query = AddressQuery(
            participant.get("street") or "",
            participant.get("house_number") or "",
            participant.get("postcode") or "",
            participant.get("city") or "",
        )
        result = geocoder.geocode(query)
        if result.status != "found" or not result.candidates:
            return None
        best = result.candidates[0]
        return best.x, best.y, "geocoded", best.quality

    return locate
