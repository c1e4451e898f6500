-- Fixed-window rate limit: at most ARGV[1] permits per window of ARGV[2] ms; the window starts with its first
-- permit. A refused request takes nothing.
-- KEYS[1] the counter; ARGV[1] limit, ARGV[2] window in ms, ARGV[3] permits requested
-- Returns {1 if allowed else 0, permits remaining in this window, ms until the window resets}.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local permits = tonumber(ARGV[3])
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -1 then
  -- A counter without expiry would block its key forever: give it a window.
  redis.call('PEXPIRE', KEYS[1], window)
  ttl = window
end
if used + permits > limit then
  if ttl < 0 then
    ttl = window
  end
  return {0, math.max(0, limit - used), ttl}
end
local count = redis.call('INCRBY', KEYS[1], permits)
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], window)
  ttl = window
end
return {1, limit - count, ttl}
