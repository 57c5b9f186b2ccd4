"""core/errors: one table of sentences, every reason and every stop rendered properly."""

from __future__ import annotations

import pickle
import string

import pytest

from hfmanager.core import errors
from hfmanager.core.errors import MESSAGES, STOPS, Reason, Stop, StoppedError


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_a_sentence(reason: Reason) -> None:
    params: dict[str, object] = {name: f"<{name}>" for name in _fields(MESSAGES[reason])}
    params["stop"] = Stop.PAUSE
    text = errors.message(reason, params)
    assert text.strip()
    assert "{" not in text
    assert "}" not in text
    # Parameters are optional where the table has a default: file or repo, endpoint.
    assert errors.message(reason, {"stop": Stop.CANCEL} | {
        k: v for k, v in params.items() if k not in ("what", "endpoint")})


@pytest.mark.parametrize(("stop", "words"), [
    (Stop.PAUSE, "download paused"),
    (Stop.CANCEL, "download cancelled"),
    (Stop.SHUTDOWN, "download stopped because the app is shutting down"),
])
def test_stopped_error_says_why_in_words(stop: Stop, words: str) -> None:
    for given in (stop, stop.value):  # the enum, or the string stored before it
        exc = StoppedError(given)
        assert (exc.stop, exc.reason) == (stop, Reason.STOPPED)
        assert str(exc).startswith(words)
        assert errors.describe(exc) == str(exc)
        assert not {"shutdownd", "canceld"} & set(str(exc).split())
    assert set(STOPS) == set(Stop)


def test_enum_values_are_the_old_strings() -> None:
    assert [s.value for s in Stop] == ["pause", "cancel", "shutdown"]
    assert Stop("shutdown") is Stop.SHUTDOWN  # a reason stored as text reads back
    with pytest.raises(ValueError):
        StoppedError("stop")  # not a reason: refused, not rendered as "download stopd"


def test_family_keeps_params_and_travels() -> None:
    exc = errors.no_space(OSError(28, "No space left on device"), "w/model.safetensors")
    assert isinstance(exc, errors.NoSpaceError)
    assert (exc.filename, exc.reason) == ("w/model.safetensors", Reason.VOLUME_FULL)
    assert str(exc).startswith("w/model.safetensors: the cache volume is full")
    assert errors.no_space(OSError(13, "Permission denied"), "x") is None
    back = pickle.loads(pickle.dumps(exc))
    assert (type(back), str(back), back.params) == (type(exc), str(exc), exc.params)
    stop = pickle.loads(pickle.dumps(StoppedError(Stop.SHUTDOWN)))
    assert stop.stop is Stop.SHUTDOWN
    assert errors.describe(ValueError("plain")) == "plain"
    assert errors.describe(RuntimeError()) == "RuntimeError"


def test_status_and_kind_are_read_from_params() -> None:
    server = errors.ServerError(Reason.SERVER_STATUS, filename="a.bin", status=503)
    assert (server.status, str(server)) == (
        503, "a.bin: server error HTTP 503 from this endpoint.")
    gone = errors.EndpointUnreachableError(Reason.UNREACHABLE, endpoint="http://h",
                                           kind="refused", detail="connection refused")
    assert (gone.kind, gone.status, str(gone)) == (
        "refused", None, "Cannot reach http://h: connection refused")
