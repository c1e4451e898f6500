-- Sets a new time to live on the lock only if it still holds the owner's token. Returns 1 if extended, else 0.
-- KEYS[1] the lock, ARGV[1] the owner's token, ARGV[2] the new time to live in ms
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
