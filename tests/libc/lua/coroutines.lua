-- Coroutines: generators, passing values both ways, status, wrap, errors inside coroutines,
-- yield across pcall, close, and a producer/consumer pipeline.
local function gen(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i, i * i) end return "done" end)
end
local g = gen(3)
print(g()) print(g()) print(g()) print(g())
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  return d + e
end)
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.status(co), coroutine.resume(co))
local bad = coroutine.create(function() error("inside") end)
local ok, msg = coroutine.resume(bad)
print(ok, (msg:gsub("^.-:%d+: ", "")), coroutine.status(bad))
local y = coroutine.wrap(function()
  local ok2, v = pcall(function() return coroutine.yield("from pcall") + 1 end)
  coroutine.yield(tostring(ok2) .. " " .. v)
end)
print(y()) print(y(41))
print(coroutine.isyieldable(), type(coroutine.running()), select(2, coroutine.running()))
local closing = coroutine.create(function() coroutine.yield() end)
coroutine.resume(closing)
print(coroutine.close(closing), coroutine.status(closing))
local function producer()
  return coroutine.create(function()
    for line in ("alpha beta gamma delta epsilon"):gmatch("%a+") do coroutine.yield(line) end
  end)
end
local function filter(p)
  return coroutine.create(function()
    while true do
      local _, w = coroutine.resume(p)
      if not w then return end
      coroutine.yield(#w .. ":" .. w:upper())
    end
  end)
end
local f = filter(producer())
local out = {}
while true do
  local _, v = coroutine.resume(f)
  if not v then break end
  out[#out + 1] = v
end
print(table.concat(out, " "))
local total = 0
for i = 1, 10000 do
  local c = coroutine.wrap(function(x) local z = coroutine.yield(x + 1) return z * 2 end)
  total = total + c(i) + c(i)
end
print("10000 coroutines", total)
