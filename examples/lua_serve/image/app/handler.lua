-- The handler of examples/lua_serve, loaded once at start-up (before zvm_snapshot).
-- Start-up work: the primes below LIMIT (a sieve), kept for every request.
-- handle(input, ...) answers one request: "served N" (N counts the requests this instance
-- has answered: always 1 when each request starts from the snapshot), then for each
-- argument whether it is prime, then the number of words of the input.
local LIMIT = 200000

local composite = {}
local prime_count = 0
for n = 2, LIMIT do
  if not composite[n] then
    prime_count = prime_count + 1
    for m = n * n, LIMIT, n do composite[m] = true end
  end
end

served = 0 -- a global: state that must not leak from one request into the next

function handle(input, ...)
  served = served + 1
  local out = { string.format("served %d\n", served) }
  for _, arg in ipairs({ ... }) do
    local n = math.tointeger(tonumber(arg))
    if n == nil or n < 2 or n > LIMIT then
      out[#out + 1] = string.format("%s: not an integer in 2..%d\n", arg, LIMIT)
    elseif composite[n] then
      out[#out + 1] = string.format("%d: composite\n", n)
    else
      out[#out + 1] = string.format("%d: prime\n", n)
    end
  end
  local words = 0
  for _ in input:gmatch("%S+") do words = words + 1 end
  out[#out + 1] = string.format("words %d (primes below %d: %d)\n", words, LIMIT, prime_count)
  return table.concat(out), 0
end
