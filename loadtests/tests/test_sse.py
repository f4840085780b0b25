"""The SSE parser against the gateway's own frames, split at every possible byte boundary."""

from __future__ import annotations

from advisor.v1 import dialogue_pb2 as pb

from gateway.sse import HEARTBEAT, domain_frame
from loadtests.sse import SseEvent, SseParser


def _gateway_stream() -> bytes:
    """A real answer as the gateway encodes it (gateway/sse.py), with a heartbeat in the middle."""
    events = [
        pb.ConverseEvent(delta=pb.Delta(text="指数基金")),
        pb.ConverseEvent(delta=pb.Delta(text=" spreads\nrisk")),
        pb.ConverseEvent(done=pb.Done(turn_id="t1", finish_reason="stop", usage=pb.Usage(completion_tokens=7))),
    ]
    frames = [domain_frame(e) for e in events]
    return frames[0] + HEARTBEAT + frames[1] + frames[2]


def test_every_split_point_yields_the_same_events() -> None:
    raw = _gateway_stream()
    whole = SseParser().feed(raw)
    assert [e.event for e in whole] == ["delta", "delta", "done"]
    assert whole[0].json() == {"text": "指数基金"}  # a multi-byte character survives
    assert whole[1].json() == {"text": " spreads\nrisk"}
    assert whole[2].json()["usage"]["completion_tokens"] == 7
    for cut in range(1, len(raw)):  # includes cuts inside a UTF-8 character and inside "\n\n"
        parser = SseParser()
        assert parser.feed(raw[:cut]) + parser.feed(raw[cut:]) == whole, cut
        assert parser.comments == 1


def test_crlf_multiline_data_comments_and_default_event_name() -> None:
    parser = SseParser()
    events = parser.feed(b": hello\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\nevent: done\r\ndata:{}\r\n\r\n")
    assert events == [SseEvent("message", '{"a":\n1}'), SseEvent("done", "{}")]
    assert events[0].json() == {"a": 1}
    assert parser.comments == 1
    assert not parser.pending


def test_an_event_cut_before_its_blank_line_is_not_dispatched() -> None:
    parser = SseParser()
    assert parser.feed(b"event: delta\ndata: {\"text\": \"half\"}\n") == []
    assert parser.pending  # the stream ended mid-event: the caller sees a broken stream
    assert parser.feed(b"\n") == [SseEvent("delta", '{"text": "half"}')]


def test_a_blank_line_without_data_resets_the_event_name() -> None:
    parser = SseParser()
    assert parser.feed(b"event: card\n\ndata: x\n\n") == [SseEvent("message", "x")]
