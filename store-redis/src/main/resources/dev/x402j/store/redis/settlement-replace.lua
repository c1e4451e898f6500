-- SUBMITTED -> SUBMITTED with a replacement transaction, recorded before it is sent, only while ARGV[1] is still the
-- current transaction (of several replacers, or a replacer and a confirmation, one wins). The replacement becomes the
-- current transaction and is appended to the history (tx_count, tx:1, tx:2, ...); the earlier ones stay. Repeating
-- the same replacement is a no-op. A record written before histories existed has none: its one transaction is it.
-- KEYS[1] the record hash, KEYS[2] the index of unfinished records
-- ARGV[1] current transaction, ARGV[2] replacement reference, ARGV[3] replacement signed transaction (base64),
-- ARGV[4] updated_at, ARGV[5] index score, ARGV[6] index member (payment id)
-- Returns the record; refuses with an X402J_* error reply before writing anything.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return redis.error_reply('X402J_NO_RECORD')
end
if state ~= 'SUBMITTED' then
  return redis.error_reply('X402J_BAD_STATE ' .. state)
end
local current = redis.call('HGET', KEYS[1], 'transaction')
local count = tonumber(redis.call('HGET', KEYS[1], 'tx_count') or '0')
local history = {}
if count == 0 then
  history[1] = current
else
  for i = 1, count do
    history[i] = redis.call('HGET', KEYS[1], 'tx:' .. i)
  end
end
local function recorded(reference)
  for i = 1, #history do
    if history[i] == reference then
      return true
    end
  end
  return false
end
if current == ARGV[2] and recorded(ARGV[1]) then
  return redis.call('HGETALL', KEYS[1])
end
if current ~= ARGV[1] then
  return redis.error_reply('X402J_NOT_CURRENT ' .. current)
end
if recorded(ARGV[2]) then
  return redis.error_reply('X402J_ALREADY_RECORDED')
end
if count == 0 then
  redis.call('HSET', KEYS[1], 'tx:1', current)
end
local n = #history + 1
redis.call('HSET', KEYS[1], 'transaction', ARGV[2], 'signed_tx', ARGV[3], 'updated_at', ARGV[4],
  'tx_count', tostring(n), 'tx:' .. n, ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6])
return redis.call('HGETALL', KEYS[1])
