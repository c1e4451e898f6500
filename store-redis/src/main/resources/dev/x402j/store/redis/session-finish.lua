-- SETTLING -> OPEN (or CLOSED), moving the settled amount from pending to settled.
-- KEYS[1] the session hash, KEYS[2] the index of active sessions
-- ARGV[1] amount settled (decimal), ARGV[2] '1' to close, ARGV[3] now (ISO-8601), ARGV[4] index score,
-- ARGV[5] index member (session id), ARGV[6] retention in ms of a closed session (0: keep forever)
-- Returns the session; refuses with an X402J_* error reply before writing anything.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('X402J_NO_SESSION')
end
local s = redis.call('HMGET', KEYS[1], 'status', 'pending', 'settled')
if s[1] ~= 'SETTLING' then
  return redis.error_reply('X402J_BAD_STATE ' .. tostring(s[1]))
end
if not dec_valid(ARGV[1]) or dec_cmp(ARGV[1], s[2]) > 0 then
  return redis.error_reply('X402J_BAD_AMOUNT ' .. s[2])
end
local status = 'OPEN'
if ARGV[2] == '1' then
  status = 'CLOSED'
end
redis.call('HSET', KEYS[1], 'pending', dec_sub(s[2], ARGV[1]), 'settled', dec_add(s[3], ARGV[1]), 'status', status,
  'last_activity_at', ARGV[3])
if status == 'CLOSED' then
  redis.call('ZREM', KEYS[2], ARGV[5])
  local retention = tonumber(ARGV[6])
  if retention > 0 then
    redis.call('PEXPIRE', KEYS[1], retention)
  end
else
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
end
return redis.call('HGETALL', KEYS[1])
