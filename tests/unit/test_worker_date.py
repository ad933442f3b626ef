"""The worker's Date header: gunicorn's value, formatted once a second."""

from gunicorn import util

from service import worker


def test_the_date_is_gunicorns_and_follows_the_clock(monkeypatch):
    monkeypatch.setattr(worker, "_date", (0, ""))
    clock = [1_700_000_000.2]
    monkeypatch.setattr(worker.time, "time", lambda: clock[0])
    assert worker._cached_http_date() == util.http_date(clock[0]) == "Tue, 14 Nov 2023 22:13:20 GMT"
    clock[0] += 0.9  # the next second
    assert worker._cached_http_date() == "Tue, 14 Nov 2023 22:13:21 GMT"
    assert worker._cached_http_date(0) == util.http_date(0)  # a given time is formatted as given
