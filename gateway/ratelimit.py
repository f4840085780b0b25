"""Per-user and per-tenant rate limits: two token buckets checked and charged atomically in one Redis round trip.

Both keys share the tenant's hash tag, so the script is valid on Redis Cluster. Time comes from Redis (``TIME``),
so gateway pods with skewed clocks still agree. A request passes only if *both* buckets have a token; a rejected
request charges neither. If Redis is unreachable the limiter fails open (counted in metrics): chat needs Redis for
sessions anyway and answers 503 there, and the stateless API should not go down with the limiter.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import redis.asyncio as aioredis
from redis.exceptions import NoScriptError

from services.common.redis_client import REDIS_DOWN_ERRORS

log = logging.getLogger(__name__)

# KEYS: user bucket, tenant bucket. ARGV: user rate/s, user burst, tenant rate/s, tenant burst, cost.
# Returns {allowed (0/1), retry_after_ms, limiting bucket (0 none, 1 user, 2 tenant)}.
TOKEN_BUCKET_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cost = tonumber(ARGV[5])
local state = {}
for i = 1, 2 do
  local rate = tonumber(ARGV[i * 2 - 1]) / 1000
  local burst = tonumber(ARGV[i * 2])
  local b = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
  local tokens = tonumber(b[1]) or burst
  local ts = tonumber(b[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
  if tokens < cost then
    return {0, math.ceil((cost - tokens) / rate), i}
  end
  state[i] = {tokens - cost, math.ceil(burst / rate)}
end
for i = 1, 2 do
  redis.call('HSET', KEYS[i], 'tokens', state[i][1], 'ts', now)
  redis.call('PEXPIRE', KEYS[i], state[i][2])
end
return {1, 0, 0}
"""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after_s: float = 0.0
    limited_by: str = ""  # "user", "tenant", or "" ; "unavailable" when Redis could not be asked


class RateLimiter:
    def __init__(
        self,
        redis: aioredis.Redis,
        *,
        user_rate: float,
        user_burst: int,
        tenant_rate: float,
        tenant_burst: int,
    ) -> None:
        self._redis = redis
        self._args = (user_rate, user_burst, tenant_rate, tenant_burst)
        self._sha: str | None = None

    async def check(
        self, tenant: str, user: str, cost: int = 1, tenant_quota: tuple[float, int] | None = None
    ) -> Decision:
        """``tenant_quota``: this tenant's (rate/s, burst) from its document, instead of the process default."""
        keys = [f"rl:{{{tenant}}}:u:{user}", f"rl:{{{tenant}}}:all"]
        args = [*self._args[:2], *tenant_quota] if tenant_quota else [*self._args]
        try:
            result = await self._eval(keys, [*args, cost])
        except REDIS_DOWN_ERRORS:
            return Decision(True, limited_by="unavailable")
        allowed, retry_ms, which = (int(x) for x in result)
        if allowed:
            return Decision(True)
        return Decision(False, retry_after_s=retry_ms / 1000, limited_by="user" if which == 1 else "tenant")

    async def _eval(self, keys: list[str], args: list[float | int]) -> list[int]:
        if self._sha is None:
            self._sha = await self._redis.script_load(TOKEN_BUCKET_LUA)
        try:
            return await self._redis.evalsha(self._sha, len(keys), *keys, *args)
        except NoScriptError:  # Redis restarted and lost its script cache
            self._sha = await self._redis.script_load(TOKEN_BUCKET_LUA)
            return await self._redis.evalsha(self._sha, len(keys), *keys, *args)
