-- SUBMITTED -> CONFIRMED by one of the record's transactions (ARGV[4]), which becomes its transaction; a no-op on a
-- record CONFIRMED by that same transaction. The record leaves the unfinished index and, being final, may now expire
-- after the retention period.
-- KEYS[1] the record hash, KEYS[2] the index of unfinished records
-- ARGV[1] updated_at, ARGV[2] index member (payment id), ARGV[3] retention in ms (0: keep forever),
-- ARGV[4] the transaction that landed
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return redis.error_reply('X402J_NO_RECORD')
end
local current = redis.call('HGET', KEYS[1], 'transaction')
if state == 'CONFIRMED' then
  if current == ARGV[4] then
    return redis.call('HGETALL', KEYS[1])
  end
  return redis.error_reply('X402J_CONFIRMED_BY ' .. current)
end
if state ~= 'SUBMITTED' then
  return redis.error_reply('X402J_BAD_STATE ' .. state)
end
local count = tonumber(redis.call('HGET', KEYS[1], 'tx_count') or '0')
local known = count == 0 and current == ARGV[4]
for i = 1, count do
  if redis.call('HGET', KEYS[1], 'tx:' .. i) == ARGV[4] then
    known = true
  end
end
if not known then
  return redis.error_reply('X402J_NOT_A_TRANSACTION')
end
redis.call('HSET', KEYS[1], 'state', 'CONFIRMED', 'transaction', ARGV[4], 'updated_at', ARGV[1])
redis.call('HDEL', KEYS[1], 'error_reason', 'error_message')
redis.call('ZREM', KEYS[2], ARGV[2])
local retention = tonumber(ARGV[3])
if retention > 0 then
  redis.call('PEXPIRE', KEYS[1], retention)
end
return redis.call('HGETALL', KEYS[1])
