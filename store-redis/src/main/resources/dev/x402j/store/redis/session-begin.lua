-- OPEN -> SETTLING when something is pending.
-- KEYS[1] the session hash, KEYS[2] the index of active sessions
-- ARGV[1] now (ISO-8601), ARGV[2] index score, ARGV[3] index member (session id)
-- Returns the session as field/value list, or an empty list when nothing changed.
local s = redis.call('HMGET', KEYS[1], 'status', 'pending')
if s[1] == 'OPEN' and dec_cmp(s[2], '0') > 0 then
  redis.call('HSET', KEYS[1], 'status', 'SETTLING', 'last_activity_at', ARGV[1])
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
  return redis.call('HGETALL', KEYS[1])
end
return {}
