-- Prints one machine-readable line after a wrk run: p50 and p95 latency (µs),
-- requests, duration (µs) and the failed requests (non-2xx/3xx, socket errors).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d\n", latency:percentile(50), latency:percentile(95),
    summary.requests, summary.duration, e.status + e.connect + e.read + e.write + e.timeout))
end
