-- Creates a settlement record in state CLAIMED unless one exists: the atomic claim of a payment id.
-- KEYS[1] the record hash, KEYS[2] the index of unfinished records
-- ARGV[1] index score (updated_at, epoch micros), ARGV[2] index member (payment id), ARGV[3..] field, value, ...
-- Returns {1} when created, {0, existing record as field/value list} otherwise.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {0, redis.call('HGETALL', KEYS[1])}
end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
return {1}
