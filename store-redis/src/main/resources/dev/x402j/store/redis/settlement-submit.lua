-- CLAIMED -> SUBMITTED, only for the holder of the claim token. The transaction is also the first of the record's
-- history (tx_count, tx:1, tx:2, ...).
-- KEYS[1] the record hash, KEYS[2] the index of unfinished records
-- ARGV[1] claim token, ARGV[2] transaction reference, ARGV[3] signed transaction (base64), ARGV[4] updated_at,
-- ARGV[5] index score, ARGV[6] index member (payment id)
-- Returns the record; refuses with an X402J_* error reply before writing anything.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return redis.error_reply('X402J_NO_RECORD')
end
if state ~= 'CLAIMED' then
  return redis.error_reply('X402J_BAD_STATE ' .. state)
end
if redis.call('HGET', KEYS[1], 'claim_token') ~= ARGV[1] then
  return redis.error_reply('X402J_NOT_OWNER')
end
redis.call('HSET', KEYS[1], 'state', 'SUBMITTED', 'transaction', ARGV[2], 'signed_tx', ARGV[3], 'updated_at', ARGV[4],
  'tx_count', '1', 'tx:1', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6])
return redis.call('HGETALL', KEYS[1])
