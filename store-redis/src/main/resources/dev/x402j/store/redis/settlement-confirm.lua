-- SUBMITTED -> CONFIRMED; a no-op on a CONFIRMED record. The record leaves the unfinished index and, being final,
-- may now expire after the retention period.
-- KEYS[1] the record hash, KEYS[2] the index of unfinished records
-- ARGV[1] updated_at, ARGV[2] index member (payment id), ARGV[3] retention in ms (0: keep forever)
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return redis.error_reply('X402J_NO_RECORD')
end
if state == 'CONFIRMED' then
  return redis.call('HGETALL', KEYS[1])
end
if state ~= 'SUBMITTED' then
  return redis.error_reply('X402J_BAD_STATE ' .. state)
end
redis.call('HSET', KEYS[1], 'state', 'CONFIRMED', 'updated_at', ARGV[1])
redis.call('HDEL', KEYS[1], 'error_reason', 'error_message')
redis.call('ZREM', KEYS[2], ARGV[2])
local retention = tonumber(ARGV[3])
if retention > 0 then
  redis.call('PEXPIRE', KEYS[1], retention)
end
return redis.call('HGETALL', KEYS[1])
