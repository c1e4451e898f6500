-- Arithmetic on non-negative integers written as decimal strings of any length. Token amounts are uint256 and do
-- not fit Lua's doubles, so amounts are never converted to Lua numbers: they are added, subtracted and compared
-- seven digits at a time. Inputs are canonical (no sign, no leading zeros except "0"), as Java's BigInteger writes them.
local DEC_CHUNK = 7
local DEC_BASE = 10000000

local function dec_valid(a)
  return type(a) == 'string' and string.match(a, '^%d+$') ~= nil
end

local function dec_norm(a)
  local s = string.gsub(a, '^0+', '')
  if s == '' then
    return '0'
  end
  return s
end

local function dec_cmp(a, b)
  a = dec_norm(a)
  b = dec_norm(b)
  if #a ~= #b then
    if #a < #b then return -1 else return 1 end
  end
  for k = 1, #a do
    local x, y = string.byte(a, k), string.byte(b, k)
    if x ~= y then
      if x < y then return -1 else return 1 end
    end
  end
  return 0
end

-- The chunk of s ending at position i (inclusive), and the position before it.
local function dec_chunk(s, i)
  if i <= 0 then
    return 0, 0
  end
  local start = math.max(1, i - DEC_CHUNK + 1)
  return tonumber(string.sub(s, start, i)), start - 1
end

local function dec_join(chunks)
  local parts = {}
  for k = 1, #chunks do
    if k == 1 then
      parts[k] = string.format('%d', chunks[k])
    else
      parts[k] = string.format('%07d', chunks[k])
    end
  end
  return dec_norm(table.concat(parts))
end

local function dec_add(a, b)
  a = dec_norm(a)
  b = dec_norm(b)
  local chunks = {}
  local i, j, carry = #a, #b, 0
  while i > 0 or j > 0 or carry > 0 do
    local x, y
    x, i = dec_chunk(a, i)
    y, j = dec_chunk(b, j)
    local sum = x + y + carry
    if sum >= DEC_BASE then
      sum = sum - DEC_BASE
      carry = 1
    else
      carry = 0
    end
    table.insert(chunks, 1, sum)
  end
  if #chunks == 0 then
    return '0'
  end
  return dec_join(chunks)
end

-- a - b, for a >= b.
local function dec_sub(a, b)
  a = dec_norm(a)
  b = dec_norm(b)
  local chunks = {}
  local i, j, borrow = #a, #b, 0
  while i > 0 do
    local x, y
    x, i = dec_chunk(a, i)
    y, j = dec_chunk(b, j)
    local diff = x - y - borrow
    if diff < 0 then
      diff = diff + DEC_BASE
      borrow = 1
    else
      borrow = 0
    end
    table.insert(chunks, 1, diff)
  end
  if #chunks == 0 then
    return '0'
  end
  return dec_join(chunks)
end
