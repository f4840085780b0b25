"""What the routes need, built once per app in the lifespan and kept on ``app.state.deps``."""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis
from fastapi import Request

from gateway.auth import Principal, authenticate
from gateway.metrics import GatewayMetrics
from gateway.settings import GatewaySettings
from gateway.streaming import StreamSlots
from gateway.upstream import DialogueClient


@dataclass
class Deps:
    settings: GatewaySettings
    dialogue: DialogueClient
    redis: aioredis.Redis
    metrics: GatewayMetrics
    slots: StreamSlots


def principal_of(request: Request) -> Principal:
    deps: Deps = request.app.state.deps
    return authenticate(deps.settings, request.headers.get("authorization"))
