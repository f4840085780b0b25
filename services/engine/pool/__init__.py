"""The inference pool client: picks a vLLM replica per request, in-process, with no shared router.

Plain core (ring, policy, health, replica state) with thin I/O around it (metrics scraping, health probes,
discovery from a static list or Kubernetes EndpointSlices). See docs/routing.md.
"""
