"""Geocoding on a real participation database: the cache table, the gazetteer, the area test, and QGIS's
proxy settings and coordinate transform (pytest-qgis)."""

from __future__ import annotations

import json
import logging
import sqlite3

import pytest
import requests
from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QSettings

from mitmach_qgis.core.addresses import normalise_street
from mitmach_qgis.core.geocoding import AddressQuery, ChainGeocoder, NominatimGeocoder, RateLimiter
from mitmach_qgis.data.geocode_store import (
    SqliteGeocodeCache,
    area_test_from_store,
    blob_polygons,
    gazetteer_from_store,
)
from mitmach_qgis.data.geometry import multipolygon_blob
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.network import requests_proxies_from_qgis, to_db_crs_function

PILOT = [[[(357000, 5711000), (358200, 5711000), (358200, 5711900), (357000, 5711900), (357000, 5711000)]]]
ADDRESSES = [
    ("Hauptstraße", "12", 357100.0, 5711100.0, "DENW36AL0000abc1"),
    ("Hauptstraße", "14", 357115.0, 5711100.0, None),
    ("Große Büttenstraße", "5a", 357300.0, 5711300.0, None),
    ("Schäferweg", "7", 359000.0, 5711400.0, None),  # outside the pilot area
]
BOTTROP_LON_LAT = (6.9468, 51.5366)  # in the pilot area, about (357603, 5711500) in EPSG:25832


def _address(street, number, x, y, ref):
    return {"street": street, "house_number": number, "postcode": "46236", "city": "Bottrop",
            "street_key": normalise_street(street), "building_ref": ref, "geom": ("point", x, y)}  # fmt: skip


@pytest.fixture
def store(tmp_path):
    store = GeoPackageStore.create(tmp_path / "x.gpkg", areas=[("Pilot", PILOT)])
    with store.transaction() as conn:
        store.insert(conn, "addresses", [_address(*row) for row in ADDRESSES])
        store.insert(
            conn, "addresses", [{"street": "Ohne Punkt", "house_number": "1", "street_key": "ohnepunkt"}]
        )
        store.update_extent(conn, "addresses")
    return store


# -- cache --------------------------------------------------------------------------------------------------
def test_cache_round_trip_persists_across_store_instances(store):
    key = AddressQuery("Hauptstraße", "12a", "46236", "Bottrop").key()
    result = {"format": 1, "places": [{"lon": 6.9468, "lat": 51.5366, "label": "12a, Hauptstraße, Bottrop",
                                       "quality": "address", "house_number": "12a"}]}  # fmt: skip
    assert SqliteGeocodeCache(store).get(key) is None
    SqliteGeocodeCache(store).put(key, "nominatim geo.example", "found", result)
    reopened = GeoPackageStore.open(store.path)
    assert SqliteGeocodeCache(reopened).get(key) == result
    SqliteGeocodeCache(reopened).put(key, "nominatim geo.example", "not_found", {"format": 1, "places": []})
    with sqlite3.connect(store.path) as conn:
        rows = conn.execute("SELECT query_key, provider, status, result_json FROM geocode_cache").fetchall()
    assert len(rows) == 1 and rows[0][2] == "not_found" and json.loads(rows[0][3])["places"] == []
    with pytest.raises(ValueError):
        SqliteGeocodeCache(store).put(key, "nominatim", "error", {})
    assert SqliteGeocodeCache(store).clear() == 1 and SqliteGeocodeCache(store).get(key) is None


class CannedSession(requests.Session):
    """Answers every GET with one Nominatim hit, and counts: no network at all."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def request(self, method, url, *args, **kwargs):
        self.calls += 1
        response = requests.Response()
        response.status_code = 200
        lon, lat = BOTTROP_LON_LAT
        hit = [{"lat": str(lat), "lon": str(lon), "display_name": "7, Neue Straße, Bottrop", "category": "place",
                "type": "house", "place_rank": 30, "address": {"house_number": "7", "road": "Neue Straße"}}]  # fmt: skip
        response._content = json.dumps(hit).encode()
        response.url = url
        return response


def test_web_answers_are_cached_in_the_database(store):
    query = AddressQuery("Neue Straße", "7", "46236", "Bottrop")
    to_db = to_db_crs_function("EPSG:25832")
    first_session = CannedSession()
    first = NominatimGeocoder("https://geo.example/search", to_db, cache=SqliteGeocodeCache(store),
                              session=first_session, min_interval=0, limiter=RateLimiter()).geocode(query)  # fmt: skip
    assert first.status == "found" and first_session.calls == 1
    later_session = CannedSession()
    reopened = GeoPackageStore.open(store.path)
    later = NominatimGeocoder("https://geo.example/search", to_db, cache=SqliteGeocodeCache(reopened),
                              session=later_session, min_interval=0, limiter=RateLimiter()).geocode(query)  # fmt: skip
    assert later_session.calls == 0
    assert later == first
    assert 357000 < first.candidates[0].x < 358500 and 5711000 < first.candidates[0].y < 5712500


# -- gazetteer and area -------------------------------------------------------------------------------------
def test_gazetteer_from_store_finds_addresses(store):
    gazetteer = gazetteer_from_store(store)
    assert gazetteer.size == len(ADDRESSES)  # the row without a point is left out
    result = gazetteer.geocode(AddressQuery("Hauptstr.", "12"))
    assert result.status == "found"
    (only,) = result.candidates
    assert (only.x, only.y, only.building_ref) == (357100.0, 5711100.0, "DENW36AL0000abc1")
    assert gazetteer.geocode(AddressQuery("grosse buettenstr", "5 A")).status == "found"
    assert gazetteer.geocode(AddressQuery("Ohne Punkt", "1")).status == "not_found"


def test_area_test_from_store(store):
    inside = area_test_from_store(store)
    assert inside is not None
    assert inside(357500, 5711500) is True
    assert inside(359000, 5711500) is False
    assert inside(357000, 5711500) is True  # on the boundary
    assert inside(357500, 5712000) is False


def test_area_with_hole_and_two_parts(tmp_path):
    outer = [(0, 0), (100, 0), (100, 100), (0, 100), (0, 0)]
    hole = [(40, 40), (60, 40), (60, 60), (40, 60), (40, 40)]
    other = [(200, 0), (250, 0), (250, 50), (200, 0)]
    polygons = [[outer, hole], [other]]
    assert blob_polygons(multipolygon_blob(polygons, 25832)) == [
        [[(float(x), float(y)) for x, y in ring] for ring in polygon] for polygon in polygons
    ]
    store = GeoPackageStore.create(tmp_path / "hole.gpkg", areas=[("Ring", polygons)])
    inside = area_test_from_store(store)
    assert inside(10, 10) and not inside(50, 50) and inside(240, 10) and not inside(150, 10)


def test_no_area_gives_no_area_test(tmp_path):
    assert area_test_from_store(GeoPackageStore.create(tmp_path / "empty.gpkg")) is None


def test_chain_on_the_store_flags_addresses_outside_the_area(store):
    chain = ChainGeocoder(gazetteer_from_store(store), in_area=area_test_from_store(store))
    inside = chain.geocode(AddressQuery("Hauptstraße", "12"))
    outside = chain.geocode(AddressQuery("Schäferweg", "7"))
    assert inside.candidates[0].in_area is True
    assert outside.status == "found" and outside.candidates[0].in_area is False
    assert "outside the participation area" in outside.message


# -- QGIS network settings ----------------------------------------------------------------------------------
@pytest.fixture
def settings(tmp_path):
    return QgsSettings(str(tmp_path / "QGIS3.ini"), QSettings.IniFormat)


def _proxy(settings, kind="HttpProxy", **values):
    settings.setValue("proxy/proxyEnabled", True)
    settings.setValue("proxy/proxyType", kind)
    settings.setValue("proxy/proxyHost", values.get("host", "proxy.bottrop.example"))
    settings.setValue("proxy/proxyPort", values.get("port", "3128"))
    settings.setValue("proxy/proxyUser", values.get("user", ""))
    settings.setValue("proxy/proxyPassword", values.get("password", ""))


def test_no_proxy_when_disabled_or_system(settings):
    assert requests_proxies_from_qgis(settings) is None
    _proxy(settings, kind="DefaultProxy")
    assert requests_proxies_from_qgis(settings) is None
    _proxy(settings)
    settings.setValue("proxy/proxyEnabled", False)
    assert requests_proxies_from_qgis(settings) is None


def test_http_proxy_with_credentials_and_exclusions(settings, caplog):
    _proxy(settings, user="planer", password="p@ss:wort/1")
    settings.setValue("proxy/noProxyUrls", ["https://intranet.bottrop.example/geo", "http://localhost"])
    settings.setValue("proxy/proxyExcludedUrls", "http://legacy.example|")
    with caplog.at_level(logging.DEBUG, logger="mitmach_qgis"):
        proxies = requests_proxies_from_qgis(settings)
    expected = "http://planer:p%40ss%3Awort%2F1@proxy.bottrop.example:3128"
    assert proxies == {"http": expected, "https": expected,
                       "no_proxy": "intranet.bottrop.example,localhost,legacy.example"}  # fmt: skip
    assert "proxy.bottrop.example" in caplog.text  # logged, with the password masked
    assert "p@ss:wort/1" not in caplog.text and "p%40ss" not in caplog.text
    assert requests.utils.get_auth_from_url(proxies["http"]) == ("planer", "p@ss:wort/1")


def test_socks_and_portless_proxies(settings):
    _proxy(settings, kind="Socks5Proxy", port="")
    assert requests_proxies_from_qgis(settings) == {
        "http": "socks5h://proxy.bottrop.example",
        "https": "socks5h://proxy.bottrop.example",
    }
    _proxy(settings, kind="FtpCachingProxy")
    assert requests_proxies_from_qgis(settings) is None


def test_proxy_from_the_global_qgis_settings():
    settings = QgsSettings()
    keys = ["proxy/proxyEnabled", "proxy/proxyType", "proxy/proxyHost", "proxy/proxyPort",
            "proxy/proxyUser", "proxy/proxyPassword", "proxy/noProxyUrls", "proxy/proxyExcludedUrls"]  # fmt: skip
    saved = {k: settings.value(k) for k in keys if settings.contains(k)}
    try:
        for key in keys:
            settings.remove(key)
        _proxy(settings, kind="HttpCachingProxy", host="10.0.0.8", port="8080")
        assert requests_proxies_from_qgis() == {
            "http": "http://10.0.0.8:8080",
            "https": "http://10.0.0.8:8080",
        }
    finally:
        for key in keys:
            settings.remove(key)
        for key, value in saved.items():
            settings.setValue(key, value)


def test_to_db_crs_for_bottrop():
    to_db = to_db_crs_function("EPSG:25832")
    x, y = to_db(*BOTTROP_LON_LAT)
    assert 357000 <= x <= 358500 and 5711000 <= y <= 5712500
    assert (x, y) == pytest.approx((357603, 5711500), abs=20)
    with pytest.raises(ValueError):
        to_db_crs_function("EPSG:999999")
