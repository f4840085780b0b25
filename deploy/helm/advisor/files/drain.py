"""preStop hook of an engine replica: wait until it has no running or waiting request, then let SIGTERM in.

By the time this runs the pod is terminating, so EndpointSlices mark it not ready and the pool client sends it
no new request; this only waits for the streams already on it. Bounded by the deadline given as argv[1].
"""

import re
import sys
import time
import urllib.request

PATTERN = re.compile(r"^vllm:num_requests_(?:running|waiting)(?:\{[^}]*\})? ([0-9.eE+-]+)$", re.MULTILINE)


def busy(url: str) -> float:
    with urllib.request.urlopen(url, timeout=2) as resp:  # loopback only
        text = resp.read().decode()
    return sum(float(v) for v in PATTERN.findall(text))


def main() -> None:
    deadline = time.monotonic() + float(sys.argv[1])
    poll = float(sys.argv[2])
    url = sys.argv[3]
    time.sleep(poll)  # let the endpoint removal propagate to every pool client first
    while time.monotonic() < deadline:
        try:
            if busy(url) == 0:
                return
        except OSError:
            return
        time.sleep(poll)


if __name__ == "__main__":
    main()
