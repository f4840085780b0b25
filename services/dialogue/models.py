"""Plain data types of the dialogue core (no gRPC, no HTTP)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from services.compliance.client import CallContext

TurnStatus = Literal["completed", "cancelled", "error"]

# The service has one caller context, CallContext (tenant, user, session, turn, request id, locale): built from
# the proto at the gRPC edge (server.py), keying Redis, and passed as is to compliance. ``Caller`` is the same
# type under its old name, for tests/conversations and tests/e2e until they import CallContext.
Caller = CallContext


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0


@dataclass
class Turn:
    turn_id: str
    user_text: str
    assistant_text: str
    status: TurnStatus
    created_unix_ms: int
    model: str = ""
    usage: Usage = field(default_factory=Usage)
    intent: str = ""
    # The tool calls the turn made ({"tool": ..., "args": {...}}): a follow-up ("what about 20 years?") reuses them.
    tool_calls: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Session:
    session_id: str
    user_id: str
    tenant: str
    locale: str
    created_unix_ms: int
    updated_unix_ms: int
    expires_unix_ms: int
    turns: list[Turn] = field(default_factory=list)


@dataclass(frozen=True)
class ChatMessage:
    role: str
    content: str


@dataclass(frozen=True)
class GenerationOptions:
    max_tokens: int = 0
    temperature: float | None = None
    top_p: float | None = None
    stop: tuple[str, ...] = ()
    seed: int | None = None
    response_format: str = ""
    repetition_penalty: float | None = None  # vLLM's sampling extension; engines that lack it ignore the field


# Events the core yields; the transport converts them to protobuf.
@dataclass(frozen=True)
class DeltaEvent:
    text: str
    tokens: int


@dataclass(frozen=True)
class Timings:
    ttft_ms: float
    engine_ttft_ms: float
    total_ms: float


@dataclass(frozen=True)
class ToolTiming:
    tool: str
    ms: float
    status: str


@dataclass(frozen=True)
class ComplianceOutcome:
    action: str = "pass"  # the strongest action taken on the turn
    rule_ids: tuple[str, ...] = ()
    withheld_numbers: int = 0


@dataclass(frozen=True)
class DoneEvent:
    turn_id: str
    finish_reason: str
    model: str
    usage: Usage
    timings: Timings
    intent: str = ""
    tools: tuple[ToolTiming, ...] = ()
    compliance: ComplianceOutcome = field(default_factory=ComplianceOutcome)


@dataclass(frozen=True)
class ErrorEvent:
    code: str
    message: str
    retryable: bool


@dataclass(frozen=True)
class CardEvent:
    """Structured content the app renders beside the text (metric table, chart series, schedule)."""

    kind: str
    data: dict[str, Any]


@dataclass(frozen=True)
class NoticeEvent:
    level: str  # "info", "warning"
    code: str
    text: str


ConverseEvent = DeltaEvent | CardEvent | NoticeEvent | DoneEvent | ErrorEvent
