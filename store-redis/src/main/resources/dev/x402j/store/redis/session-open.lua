-- Stores a session unless one with its id exists.
-- KEYS[1] the session hash, KEYS[2] the index of active sessions
-- ARGV[1] index score (last activity, epoch micros), ARGV[2] index member (session id), ARGV[3] '1' if the
-- session is active (not CLOSED), ARGV[4] retention in ms of a closed session (0: keep forever), ARGV[5..] field, value, ...
-- Returns {1} when stored, {0, existing session as field/value list} otherwise.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {0, redis.call('HGETALL', KEYS[1])}
end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
elseif tonumber(ARGV[4]) > 0 then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
end
return {1}
