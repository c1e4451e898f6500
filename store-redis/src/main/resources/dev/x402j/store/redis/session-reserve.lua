-- Adds an amount to the pending total of an OPEN session if pending + settled stays within the cap.
-- KEYS[1] the session hash, KEYS[2] the index of active sessions
-- ARGV[1] amount (decimal), ARGV[2] now (ISO-8601), ARGV[3] index score, ARGV[4] index member (session id)
-- Returns {outcome, session as field/value list}, outcome RESERVED, CAP_EXHAUSTED or NOT_OPEN.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('X402J_NO_SESSION')
end
if not dec_valid(ARGV[1]) then
  return redis.error_reply('X402J_BAD_AMOUNT')
end
local s = redis.call('HMGET', KEYS[1], 'status', 'cap', 'pending', 'settled')
if s[1] ~= 'OPEN' then
  return {'NOT_OPEN', redis.call('HGETALL', KEYS[1])}
end
local pending = dec_add(s[3], ARGV[1])
if dec_cmp(dec_add(pending, s[4]), s[2]) > 0 then
  return {'CAP_EXHAUSTED', redis.call('HGETALL', KEYS[1])}
end
redis.call('HSET', KEYS[1], 'pending', pending, 'last_activity_at', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return {'RESERVED', redis.call('HGETALL', KEYS[1])}
