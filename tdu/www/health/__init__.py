"""Health endpoints for the platform's probes: /healthz (the process answers) and /readyz (database, task queue,
migrations). Answered by the first middleware, before host checks, the HTTPS redirect, sessions and the request
log: cheap, unauthenticated, JSON, 200 or 503."""
