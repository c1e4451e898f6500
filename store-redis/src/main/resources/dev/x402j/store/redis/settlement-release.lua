-- Deletes a CLAIMED record whose claim token matches (its settlement sent nothing). Returns 1 if deleted, else 0.
-- KEYS[1] the record hash, KEYS[2] the index of unfinished records
-- ARGV[1] claim token, ARGV[2] index member (payment id)
if redis.call('HGET', KEYS[1], 'state') == 'CLAIMED' and redis.call('HGET', KEYS[1], 'claim_token') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[2])
  return 1
end
return 0
