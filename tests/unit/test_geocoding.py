"""core.geocoding against a real HTTP server on loopback that answers like Nominatim, and the gazetteer.

Run without a QGIS application (``-p no:pytest_qgis``). Only 127.0.0.1 is ever contacted: the sessions
ignore proxy environment variables, and the one "remote" host name used (``nominatim.invalid``) is only
ever sent to the loopback server acting as a proxy.
"""

from __future__ import annotations

import base64
import email.utils
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from mitmach_qgis.core import geocoding
from mitmach_qgis.core.geocoding import (
    AddressQuery,
    Candidate,
    ChainGeocoder,
    GazetteerGeocoder,
    GeocodeResult,
    NominatimGeocoder,
    RateLimiter,
    parse_retry_after,
    proxies_description,
    user_agent,
)
from tests.helpers import metadata

OFFICER_EMAIL = "geodaten@bottrop.example"


# -- a Nominatim stand-in on loopback -----------------------------------------------------------------------
@dataclass
class Reply:
    status: int = 200
    body: Any = field(default_factory=list)  # JSON-able, or bytes sent as they are
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Seen:
    path: str
    params: dict
    headers: dict
    at: float


class FakeNominatim:
    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.default = Reply(200, [])
        self.seen: list[Seen] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.url = ""
        self.port = 0

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def next_reply(self) -> Reply:
        with self.lock:
            return self.replies.pop(0) if self.replies else self.default


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        fake: FakeNominatim = self.server.fake
        query = urlsplit(self.path).query
        with fake.lock:
            fake.seen.append(Seen(self.path, dict(parse_qsl(query)), dict(self.headers), time.monotonic()))
        reply = fake.next_reply()
        if reply.delay:
            fake.stop.wait(reply.delay)
        body = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode("utf-8")
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (timeout test)
            pass

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def nominatim():
    fake = FakeNominatim()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.fake = fake
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    fake.port = server.server_address[1]
    fake.url = f"http://127.0.0.1:{fake.port}/search"
    yield fake
    fake.stop.set()
    server.shutdown()
    server.server_close()
    thread.join(2)


@pytest.fixture
def closed_port():
    """A loopback port nobody listens on (connections are refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def loopback_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: loopback traffic only
    return session


def to_db(lon: float, lat: float) -> tuple[float, float]:
    return (lon * 100_000.0, lat * 100_000.0)


class DictCache:
    def __init__(self) -> None:
        self.data: dict[str, tuple[str, str, dict]] = {}

    def get(self, key):
        entry = self.data.get(key)
        return json.loads(json.dumps(entry[2])) if entry else None

    def put(self, key, provider, status, result):
        self.data[key] = (provider, status, result)


def web(fake: FakeNominatim, **kwargs) -> NominatimGeocoder:
    kwargs.setdefault("session", loopback_session())
    kwargs.setdefault("min_interval", 0.0)
    kwargs.setdefault("limiter", RateLimiter())
    kwargs.setdefault("timeout", 5.0)
    return NominatimGeocoder(kwargs.pop("url", fake.url), to_db, **kwargs)


def place(lat=51.5230, lon=6.9290, number="12", road="Hauptstraße", postcode="46236", **extra) -> dict:
    address = {"road": road, "city": "Bottrop", "state": "Nordrhein-Westfalen", "postcode": postcode,
               "country": "Deutschland", "country_code": "de"}  # fmt: skip
    if number:
        address["house_number"] = number
    item = {
        "place_id": 12345,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0. https://osm.org/copyright",
        "osm_type": "node",
        "osm_id": 987654,
        "lat": f"{lat}",
        "lon": f"{lon}",
        "category": "place",
        "type": "house" if number else "residential",
        "place_rank": 30 if number else 26,
        "importance": 0.2,
        "addresstype": "place" if number else "road",
        "name": "",
        "display_name": ", ".join(
            p for p in (number, road, "Bottrop", "Nordrhein-Westfalen", postcode, "Deutschland") if p
        ),
        "address": address,
        "boundingbox": [f"{lat - 0.0001}", f"{lat + 0.0001}", f"{lon - 0.0001}", f"{lon + 0.0001}"],
    }
    item.update(extra)
    return item


QUERY = AddressQuery("Hauptstraße", "12", "46236", "Bottrop")


def check(result: GeocodeResult) -> GeocodeResult:
    assert isinstance(result, GeocodeResult)
    assert isinstance(result.message, str) and result.message.strip()
    assert OFFICER_EMAIL not in result.message and "@" not in result.message
    return result


# -- web geocoder: answers ----------------------------------------------------------------------------------
def test_one_hit_is_found_with_the_right_request(nominatim):
    nominatim.script(Reply(200, [place()]))
    result = check(web(nominatim, email=OFFICER_EMAIL).geocode(QUERY))
    assert result.status == "found"
    (only,) = result.candidates
    assert (only.x, only.y) == pytest.approx(to_db(6.9290, 51.5230))
    assert (only.quality, only.source, only.in_area) == ("address", "web", None)
    assert "Hauptstraße" in only.label and result.best == only
    (seen,) = nominatim.seen
    assert seen.path.startswith("/search?")
    assert seen.params == {
        "format": "jsonv2", "addressdetails": "1", "limit": "5", "street": "12 Hauptstraße",
        "postalcode": "46236", "city": "Bottrop", "countrycodes": "de", "email": OFFICER_EMAIL,
    }  # fmt: skip


def test_postcode_only_query_sends_no_street(nominatim):
    nominatim.script(Reply(200, [place(number="", type="postcode", addresstype="postcode", place_rank=21)]))
    result = check(web(nominatim).geocode(AddressQuery("", "", "46236")))
    assert result.status == "found" and result.candidates[0].quality == "postcode"
    assert "street" not in nominatim.seen[0].params and nominatim.seen[0].params["postalcode"] == "46236"


def test_user_agent_names_plugin_and_version(nominatim):
    nominatim.script(Reply(200, [place()]))
    web(nominatim).geocode(QUERY)
    agent = nominatim.seen[0].headers["User-Agent"]
    assert agent == user_agent()
    assert agent.startswith(f"MitMach-QGIS/{metadata()['version']} (+https://")
    assert "python-requests" not in agent
    assert "email" not in nominatim.seen[0].params  # only when configured


def test_json_format_answers_are_accepted(nominatim):
    item = place()
    item["class"] = item.pop("category")
    del item["place_rank"], item["addresstype"]
    nominatim.script(Reply(200, [item]))
    result = check(web(nominatim).geocode(QUERY))
    assert result.status == "found" and result.candidates[0].quality == "address"


def test_several_hits_are_ambiguous_with_all_candidates(nominatim):
    hits = [
        place(51.5230, 6.9290),
        place(51.5400, 6.9500, postcode="46240"),
        place(51.5600, 6.9700, postcode="46244"),
    ]
    nominatim.script(Reply(200, hits))
    result = check(web(nominatim).geocode(QUERY))
    assert result.status == "ambiguous"
    assert [(c.x, c.y) for c in result.candidates] == pytest.approx(
        [to_db(6.9290, 51.5230), to_db(6.9500, 51.5400), to_db(6.9700, 51.5600)]
    )
    assert result.best is None


def test_one_house_listed_twice_is_one_candidate(nominatim):
    node = place(51.52300, 6.92900)
    outline = place(51.52305, 6.92908, osm_type="way", category="building", type="yes")
    nominatim.script(Reply(200, [node, outline]))
    result = check(web(nominatim).geocode(QUERY))
    assert result.status == "found" and len(result.candidates) == 1


def test_street_only_answer_is_found_with_street_quality(nominatim):
    nominatim.script(Reply(200, [place(number="")]))
    result = check(web(nominatim).geocode(QUERY))
    assert result.status == "found" and result.candidates[0].quality == "street"


def test_town_only_answer_is_not_found(nominatim):
    town = place(number="", type="city", addresstype="city", place_rank=16)
    nominatim.script(Reply(200, [town]))
    assert check(web(nominatim).geocode(QUERY)).status == "not_found"


def test_empty_list_is_not_found(nominatim):
    nominatim.script(Reply(200, []))
    result = check(web(nominatim).geocode(QUERY))
    assert (result.status, result.candidates, result.retry_after) == ("not_found", (), None)


# -- web geocoder: failures ---------------------------------------------------------------------------------
def test_429_with_retry_after_seconds_blocks_the_next_request(nominatim):
    now = [1000.0]
    limiter = RateLimiter(clock=lambda: now[0], sleep=lambda s: None)
    geocoder = web(nominatim, limiter=limiter)
    nominatim.script(Reply(429, {"error": "Too many requests"}, {"Retry-After": "7"}), Reply(200, [place()]))
    first = check(geocoder.geocode(QUERY))
    assert (first.status, first.retry_after) == ("error", 7.0)
    assert "7" in first.message
    now[0] += 3
    second = check(geocoder.geocode(QUERY))  # still blocked: no request
    assert second.status == "error" and second.retry_after == pytest.approx(4.0)
    assert len(nominatim.seen) == 1
    now[0] += 5
    assert check(geocoder.geocode(QUERY)).status == "found"
    assert len(nominatim.seen) == 2


def test_429_with_retry_after_http_date(nominatim):
    when = email.utils.format_datetime(datetime.now(timezone.utc) + timedelta(seconds=120), usegmt=True)
    nominatim.script(Reply(429, b"", {"Retry-After": when}))
    result = check(web(nominatim).geocode(QUERY))
    assert result.status == "error" and 110 <= result.retry_after <= 121


def test_429_without_retry_after(nominatim):
    nominatim.script(Reply(429, b""))
    result = check(web(nominatim).geocode(QUERY))
    assert result.status == "error" and result.retry_after is None


@pytest.mark.parametrize("code", [500, 502, 503])
def test_server_errors(nominatim, code):
    nominatim.script(Reply(code, b"<html>Internal error</html>"))
    result = check(web(nominatim).geocode(QUERY))
    assert result.status == "error" and str(code) in result.message and "127.0.0.1" in result.message


@pytest.mark.parametrize("code", [400, 403, 404])
def test_client_errors(nominatim, code):
    nominatim.script(Reply(code, b"Not Found"))
    result = check(web(nominatim).geocode(QUERY))
    assert result.status == "error" and str(code) in result.message


def test_malformed_json(nominatim):
    nominatim.script(Reply(200, b'[{"lat": "51.5", "lon": '))
    result = check(web(nominatim).geocode(QUERY))
    assert result.status == "error"


@pytest.mark.parametrize(
    "body",
    [{"places": []}, ["51.5,6.9"], [{"lat": "51.5"}], [{"lat": "north", "lon": "6.9"}], "just text", 42],
    ids=["object", "strings", "no-lon", "bad-lat", "string", "number"],
)
def test_json_of_the_wrong_shape(nominatim, body):
    nominatim.script(Reply(200, body))
    result = check(web(nominatim).geocode(QUERY))
    assert result.status == "error"
    assert result.message != check(web(nominatim).geocode(AddressQuery("Unbekannte Straße", "1"))).message


def test_nominatim_error_object(nominatim):
    nominatim.script(Reply(200, {"error": {"code": 400, "message": "Nothing to search for"}}))
    assert check(web(nominatim).geocode(QUERY)).status == "error"


def test_slow_answer_times_out(nominatim):
    nominatim.script(Reply(200, [place()], delay=1.0))
    start = time.monotonic()
    result = check(web(nominatim, timeout=0.3).geocode(QUERY))
    assert time.monotonic() - start < 0.9
    assert result.status == "error" and "0.3" in result.message


def test_connection_refused(closed_port):
    geocoder = NominatimGeocoder(
        f"http://127.0.0.1:{closed_port}/search", to_db, session=loopback_session(), min_interval=0,
        limiter=RateLimiter(), timeout=2.0,
    )  # fmt: skip
    start = time.monotonic()
    result = check(geocoder.geocode(QUERY))
    assert result.status == "error" and time.monotonic() - start < 2.0


def test_proxy_error(nominatim, closed_port):
    proxy = f"http://127.0.0.1:{closed_port}"
    result = check(web(nominatim, proxies={"http": proxy, "https": proxy}).geocode(QUERY))
    assert result.status == "error" and "proxy" in result.message.lower()
    assert not nominatim.seen


def test_requests_go_through_the_proxy_with_its_credentials(nominatim):
    proxy = f"http://planer:s3cr%40t@127.0.0.1:{nominatim.port}"
    nominatim.script(Reply(200, [place()]))
    geocoder = web(nominatim, url="http://nominatim.invalid/search", proxies={"http": proxy, "https": proxy})
    assert check(geocoder.geocode(QUERY)).status == "found"
    (seen,) = nominatim.seen
    assert seen.path.startswith("http://nominatim.invalid/search?")  # absolute form: a proxy request
    expected = base64.b64encode(b"planer:s3cr@t").decode()
    assert seen.headers["Proxy-Authorization"] == f"Basic {expected}"


def test_no_proxy_hosts_bypass_the_proxy(nominatim, closed_port):
    proxy = f"http://127.0.0.1:{closed_port}"
    nominatim.script(Reply(200, [place()]))
    geocoder = web(
        nominatim, proxies={"http": proxy, "https": proxy, "no_proxy": "intranet.example,127.0.0.1"}
    )
    assert check(geocoder.geocode(QUERY)).status == "found"
    assert len(nominatim.seen) == 1


def test_proxy_password_is_masked_for_logs():
    text = proxies_description({"http": "http://planer:geheim@proxy.example:3128", "no_proxy": "a.example"})
    assert "geheim" not in text and "planer" in text and "proxy.example:3128" in text


def test_invalid_url_is_an_error_without_a_request(nominatim):
    for url in ("", "nominatim.example/search", "ftp://127.0.0.1/search"):
        result = check(web(nominatim, url=url).geocode(QUERY))
        assert result.status == "error"
    assert not nominatim.seen


def test_transform_failure_is_an_error(nominatim):
    def broken(lon, lat):
        raise RuntimeError("forward transform of (6.9, 51.5) failed")

    nominatim.script(Reply(200, [place()]))
    geocoder = NominatimGeocoder(
        nominatim.url, broken, session=loopback_session(), min_interval=0, limiter=RateLimiter()
    )
    result = check(geocoder.geocode(QUERY))
    assert result.status == "error" and "51.5" not in result.message


def test_unexpected_failure_is_an_answer_not_an_exception(nominatim):
    class Exploding(requests.Session):
        def request(self, *args, **kwargs):
            raise RuntimeError("boom")

    result = check(web(nominatim, session=Exploding()).geocode(QUERY))
    assert result.status == "error" and "boom" not in result.message


def test_empty_query_asks_for_input(nominatim):
    result = check(web(nominatim).geocode(AddressQuery("  ", "")))
    assert result.status == "not_found" and not nominatim.seen


# -- web geocoder: timeout, cache, rate limit --------------------------------------------------------------
class RecordingSession(requests.Session):
    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False
        self.timeouts: list = []

    def request(self, method, url, *args, **kwargs):
        self.timeouts.append(kwargs.get("timeout"))
        return super().request(method, url, *args, **kwargs)


@pytest.mark.parametrize(("timeout", "expected"), [(10.0, (5.0, 10.0)), (0.3, (0.3, 0.3))])
def test_timeout_is_always_passed(nominatim, timeout, expected):
    session = RecordingSession()
    nominatim.script(Reply(200, [place()]))
    web(nominatim, session=session, timeout=timeout).geocode(QUERY)
    assert session.timeouts == [expected]


def test_cache_prevents_a_second_request(nominatim):
    cache = DictCache()
    nominatim.script(Reply(200, [place()]))
    first = check(web(nominatim, cache=cache).geocode(QUERY))
    same_address = AddressQuery("hauptstr.", " 12 ", "46236", "BOTTROP")
    second = check(web(nominatim, cache=cache).geocode(same_address))  # a new geocoder, the same cache
    assert len(nominatim.seen) == 1
    assert second == first
    ((provider, status, stored),) = cache.data.values()
    assert status == "found" and provider.startswith("nominatim") and stored["places"][0]["lat"] == 51.523


def test_not_found_and_ambiguous_are_cached_errors_are_not(nominatim):
    cache = DictCache()
    geocoder = web(nominatim, cache=cache)
    nowhere, twice, flaky = (
        AddressQuery("Nirgendweg", "1"),
        AddressQuery("Kirchstraße", "1"),
        AddressQuery("Flakyweg", "2"),
    )
    nominatim.script(
        Reply(200, []),
        Reply(200, [place(51.50, 6.90), place(51.56, 6.97)]),
        Reply(503, b""),
        Reply(200, [place()]),
    )
    for _ in range(2):
        assert geocoder.geocode(nowhere).status == "not_found"
        assert geocoder.geocode(twice).status == "ambiguous"
    assert len(nominatim.seen) == 2
    assert geocoder.geocode(flaky).status == "error"
    assert geocoder.geocode(flaky).status == "found"  # asked again after the error
    assert len(nominatim.seen) == 4
    assert sorted(s for _, s, _ in cache.data.values()) == ["ambiguous", "found", "not_found"]


def test_a_broken_cache_does_not_stop_geocoding(nominatim):
    class Broken:
        def get(self, key):
            raise OSError("disk gone")

        def put(self, key, provider, status, result):
            raise OSError("disk gone")

    nominatim.script(Reply(200, [place()]))
    assert check(web(nominatim, cache=Broken()).geocode(QUERY)).status == "found"


def test_garbage_in_the_cache_is_ignored(nominatim):
    cache = DictCache()
    cache.put(QUERY.key(), "nominatim", "found", {"format": 1, "places": [{"lat": "x"}]})
    nominatim.script(Reply(200, [place()]))
    assert check(web(nominatim, cache=cache).geocode(QUERY)).status == "found"
    assert len(nominatim.seen) == 1


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_at_most_one_request_per_second_across_geocoders(nominatim):
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    cache = DictCache()
    first = web(nominatim, limiter=limiter, min_interval=1.0, cache=cache)
    second = web(nominatim, limiter=limiter, min_interval=1.0, cache=cache)
    first.geocode(AddressQuery("Aweg", "1"))
    assert clock.sleeps == []
    clock.now += 0.25
    second.geocode(AddressQuery("Bweg", "2"))
    assert clock.sleeps == [pytest.approx(0.75)]
    clock.now += 2.0
    first.geocode(AddressQuery("Cweg", "3"))
    assert clock.sleeps == [pytest.approx(0.75)]
    first.geocode(AddressQuery("Aweg", "1"))  # cached: no request, no wait
    assert len(nominatim.seen) == 3 and len(clock.sleeps) == 1


def test_rate_limit_holds_across_threads(nominatim):
    geocoder = web(nominatim, limiter=RateLimiter(), min_interval=0.15)
    threads = [
        threading.Thread(target=geocoder.geocode, args=(AddressQuery(f"Weg {i}", "1"),)) for i in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    times = sorted(s.at for s in nominatim.seen)
    assert len(times) == 3
    assert all(b - a >= 0.14 for a, b in zip(times, times[1:]))


def test_default_limiter_is_process_wide():
    a = NominatimGeocoder("https://a.example/search", to_db)
    b = NominatimGeocoder("https://b.example/search", to_db)
    assert a.limiter is b.limiter is geocoding.PROCESS_LIMITER
    assert a.min_interval == 1.0 and a.timeouts == (5.0, 10.0)


def test_parse_retry_after():
    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Sun, 01 Mar 2026 12:01:30 GMT", now) == 90.0
    assert parse_retry_after("Sun, 01 Mar 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


# -- gazetteer ----------------------------------------------------------------------------------------------
ROWS = [
    {"street": "Hauptstraße", "house_number": "12", "postcode": "46236", "city": "Bottrop", "x": 357100.0, "y": 5711100.0, "building_ref": "B12"},
    {"street": "Hauptstraße", "house_number": "14", "postcode": "46236", "city": "Bottrop", "x": 357115.0, "y": 5711100.0},
    {"street": "Hauptstraße", "house_number": "3", "postcode": "46236", "city": "Bottrop", "x": 357010.0, "y": 5711120.0},
    {"street": "Hauptstraße", "house_number": "20a", "postcode": "46236", "city": "Bottrop", "x": 357200.0, "y": 5711100.0},
    {"street": "Hauptstraße", "house_number": "20b", "postcode": "46236", "city": "Bottrop", "x": 357210.0, "y": 5711100.0},
    {"street": "Große Büttenstraße", "house_number": "5", "postcode": "46236", "city": "Bottrop", "x": 357300.0, "y": 5711300.0},
    {"street": "Schäferweg", "house_number": "7", "postcode": "46236", "city": "Bottrop", "x": 357400.0, "y": 5711400.0},
    {"street": "Lindenallee", "house_number": "8a", "postcode": "46236", "city": "Bottrop", "x": 357500.0, "y": 5711500.0},
    {"street": "Kirchstraße", "house_number": "1", "postcode": "46236", "city": "Bottrop", "x": 357600.0, "y": 5711600.0},
    {"street": "Kirchstraße", "house_number": "1", "postcode": "46244", "city": "Bottrop", "x": 351000.0, "y": 5720000.0},
    {"street": "Am Lindenhof", "house_number": "10-14", "postcode": "46236", "city": "Bottrop", "x": 357700.0, "y": 5711700.0},
    {"street": "Ohne Lage", "house_number": "1", "postcode": "46236", "city": "Bottrop", "x": None, "y": None},
]  # fmt: skip


@pytest.fixture(scope="module")
def gazetteer():
    return GazetteerGeocoder(ROWS)


def test_gazetteer_skips_rows_without_coordinates(gazetteer):
    assert gazetteer.size == len(ROWS) - 1
    assert check(gazetteer.geocode(AddressQuery("Ohne Lage", "1"))).status == "not_found"


@pytest.mark.parametrize(
    "street",
    [
        "Hauptstraße",
        "Hauptstr.",
        "Hauptstr",
        "hauptstrasse",
        "HAUPTSTRASSE",
        "  Hauptstraße ",
        "Haupt-Straße",
    ],
)
def test_gazetteer_street_spellings(gazetteer, street):
    result = check(gazetteer.geocode(AddressQuery(street, "12")))
    assert result.status == "found"
    (only,) = result.candidates
    assert (only.x, only.y, only.quality, only.source, only.building_ref) == (
        357100.0,
        5711100.0,
        "address",
        "gazetteer",
        "B12",
    )
    assert only.label == "Hauptstraße 12, 46236 Bottrop"


@pytest.mark.parametrize(
    ("street", "number"),
    [
        ("Schäferweg", "7"), ("Schaeferweg", "7"), ("SCHÄFERWEG", "7"), ("Scha\u0308ferweg", "7"),
        ("Große Büttenstraße", "5"), ("Grosse Buettenstr.", "5"), ("GROSSE BÜTTENSTR", "5"),
        ("Große Bu\u0308ttenstraße", "5"), ("große büttenstraße", "5"),
    ],
)  # fmt: skip
def test_gazetteer_umlauts_sharp_s_and_decomposed_input(gazetteer, street, number):
    result = check(gazetteer.geocode(AddressQuery(street, number)))
    assert result.status == "found" and result.candidates[0].quality == "address"


@pytest.mark.parametrize("number", ["8a", "8A", "8 a", "8 A", " 8a "])
def test_gazetteer_house_number_suffix_found_exactly(gazetteer, number):
    result = check(gazetteer.geocode(AddressQuery("Lindenallee", number)))
    assert result.status == "found"
    assert result.candidates[0].label.startswith("Lindenallee 8a")
    assert "instead" not in result.message  # an exact hit, no fallback note


def test_gazetteer_missing_suffix_falls_back_to_the_base_number(gazetteer):
    result = check(gazetteer.geocode(AddressQuery("Hauptstraße", "12b")))
    assert result.status == "found"
    (only,) = result.candidates
    assert (only.x, only.y, only.quality) == (357100.0, 5711100.0, "address")
    assert "12" in result.message and "instead" in result.message


def test_gazetteer_number_without_suffix_offers_the_suffixed_ones(gazetteer):
    result = check(gazetteer.geocode(AddressQuery("Hauptstraße", "20")))
    assert result.status == "ambiguous"
    assert sorted(c.label for c in result.candidates) == [
        "Hauptstraße 20a, 46236 Bottrop",
        "Hauptstraße 20b, 46236 Bottrop",
    ]
    single = check(gazetteer.geocode(AddressQuery("Lindenallee", "8")))
    assert single.status == "found" and single.candidates[0].label.startswith("Lindenallee 8a")


def test_gazetteer_range_holds_its_numbers(gazetteer):
    result = check(gazetteer.geocode(AddressQuery("Am Lindenhof", "12")))
    assert result.status == "found" and result.candidates[0].x == 357700.0


def test_gazetteer_missing_number_gives_the_nearest_number_of_the_street(gazetteer):
    result = check(gazetteer.geocode(AddressQuery("Hauptstraße", "16")))
    assert result.status == "found"
    (only,) = result.candidates
    assert only.quality == "street"
    assert (only.x, only.y) == (357115.0, 5711100.0)  # number 14
    assert "Hauptstraße" in result.message and "14" in result.message


def test_gazetteer_street_in_two_postcode_areas_gives_one_approximation_per_area(gazetteer):
    both = check(gazetteer.geocode(AddressQuery("Kirchstraße", "3")))
    assert both.status == "ambiguous"
    assert [(c.y, c.quality) for c in both.candidates] == [(5711600.0, "street"), (5720000.0, "street")]
    decided = check(gazetteer.geocode(AddressQuery("Kirchstraße", "3", postcode="46244")))
    assert decided.status == "found" and decided.candidates[0].y == 5720000.0


def test_gazetteer_unreadable_number_gives_the_middle_of_the_street(gazetteer):
    result = check(gazetteer.geocode(AddressQuery("Kirchstraße", "", postcode="46236")))
    assert result.status == "found" and result.candidates[0].quality == "street"
    assert (result.candidates[0].x, result.candidates[0].y) == (357600.0, 5711600.0)


def test_gazetteer_same_address_in_two_postcodes(gazetteer):
    both = check(gazetteer.geocode(AddressQuery("Kirchstraße", "1")))
    assert both.status == "ambiguous" and len(both.candidates) == 2
    assert "postcode" in both.message
    decided = check(gazetteer.geocode(AddressQuery("Kirchstraße", "1", postcode="46244")))
    assert decided.status == "found" and decided.candidates[0].y == 5720000.0
    wrong = check(gazetteer.geocode(AddressQuery("Kirchstraße", "1", postcode="46999")))
    assert wrong.status == "ambiguous" and "46999" in wrong.message


def test_gazetteer_unknown_street(gazetteer):
    result = check(gazetteer.geocode(AddressQuery("Unbekannte Straße", "1")))
    assert result.status == "not_found" and "Unbekannte Straße" in result.message and not result.candidates


def test_gazetteer_typo_is_offered_never_chosen(gazetteer):
    result = check(gazetteer.geocode(AddressQuery("Haupstraße", "12")))
    assert result.status == "ambiguous"
    assert [c.label for c in result.candidates] == ["Hauptstraße 12, 46236 Bottrop"]


def test_gazetteer_empty_input_and_empty_gazetteer(gazetteer):
    assert check(gazetteer.geocode(AddressQuery("", "12"))).status == "not_found"
    assert check(GazetteerGeocoder([]).geocode(QUERY)).status == "not_found"


def test_query_key_is_normalised():
    a = AddressQuery("Große Büttenstraße", "12 A", "46236", "Bottrop")
    b = AddressQuery("grosse buettenstr.", "12a", " 46236 ", "BOTTROP")
    assert a.key() == b.key()
    assert a.key() != AddressQuery("Große Büttenstraße", "12", "46236", "Bottrop").key()
    assert a.key() != AddressQuery("Große Büttenstraße", "12a", "46240", "Bottrop").key()


# -- chain and participation area ---------------------------------------------------------------------------
def test_chain_uses_the_gazetteer_first_and_does_not_ask_the_web(nominatim, gazetteer):
    result = check(ChainGeocoder(gazetteer, web(nominatim)).geocode(AddressQuery("Hauptstr.", "12")))
    assert result.status == "found" and result.candidates[0].source == "gazetteer"
    assert not nominatim.seen


def test_chain_asks_the_web_when_the_gazetteer_does_not_know(nominatim, gazetteer):
    nominatim.script(Reply(200, [place(number="9", road="Neue Straße")]))
    result = check(ChainGeocoder(gazetteer, web(nominatim)).geocode(AddressQuery("Neue Straße", "9")))
    assert result.status == "found" and result.candidates[0].source == "web"


def test_chain_prefers_the_web_house_to_the_gazetteer_approximation(nominatim, gazetteer):
    nominatim.script(Reply(200, [place(number="16")]))
    result = check(ChainGeocoder(gazetteer, web(nominatim)).geocode(AddressQuery("Hauptstraße", "16")))
    assert result.candidates[0].source == "web" and result.candidates[0].quality == "address"


def test_chain_keeps_the_gazetteer_approximation_when_the_web_has_nothing(nominatim, gazetteer):
    nominatim.script(Reply(200, []))
    result = check(ChainGeocoder(gazetteer, web(nominatim)).geocode(AddressQuery("Hauptstraße", "16")))
    assert result.status == "found" and result.candidates[0].quality == "street"
    assert result.candidates[0].source == "gazetteer"


def test_chain_found_nowhere_and_web_errors(nominatim, gazetteer):
    chain = ChainGeocoder(gazetteer, web(nominatim))
    nominatim.script(Reply(200, []), Reply(500, b""))
    assert check(chain.geocode(AddressQuery("Nirgendweg", "1"))).status == "not_found"
    failed = check(chain.geocode(AddressQuery("Anderswo", "1")))
    assert failed.status == "error" and "500" in failed.message


def test_chain_without_any_geocoder():
    assert check(ChainGeocoder().geocode(QUERY)).status == "not_found"


def test_result_outside_the_area_is_flagged_and_warned_but_kept(nominatim):
    inside_box = lambda x, y: 357000 <= x <= 358200 and 5711000 <= y <= 5711900  # noqa: E731
    nominatim.script(Reply(200, [place()]))
    result = check(ChainGeocoder(None, web(nominatim), in_area=inside_box).geocode(QUERY))
    assert result.status == "found"
    (only,) = result.candidates
    assert only.in_area is False
    assert "outside the participation area" in result.message


def test_area_flags_on_several_candidates(gazetteer):
    inside_box = lambda x, y: 357000 <= x <= 358200 and 5711000 <= y <= 5711900  # noqa: E731
    result = check(ChainGeocoder(gazetteer, in_area=inside_box).geocode(AddressQuery("Kirchstraße", "1")))
    assert result.status == "ambiguous"
    assert sorted(c.in_area for c in result.candidates) == [False, True]
    assert "1 of 2" in result.message
    inside = check(ChainGeocoder(gazetteer, in_area=inside_box).geocode(AddressQuery("Hauptstraße", "12")))
    assert inside.candidates[0].in_area is True and "outside" not in inside.message


def test_a_failing_area_test_leaves_the_flag_unknown(gazetteer):
    def broken(x, y):
        raise ValueError("no area")

    result = check(ChainGeocoder(gazetteer, in_area=broken).geocode(AddressQuery("Hauptstraße", "12")))
    assert result.status == "found" and result.candidates[0].in_area is None


def test_candidate_is_a_frozen_record():
    candidate = Candidate(1.0, 2.0, "x", "address", "web")
    with pytest.raises(AttributeError):
        candidate.x = 3.0  # type: ignore[misc]
