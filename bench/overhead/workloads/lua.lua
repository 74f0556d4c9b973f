-- Overhead workload for Lua: the interpreter's dispatch loop (computed goto), table and string
-- work, closures, coroutines and floating point. About 1-2 s natively on this machine type.
local scale = tonumber(arg and arg[1]) or 3
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local t0 = 0
for _ = 1, scale do
  t0 = t0 + fib(27)
  local t = {}
  for i = 1, 200000 do t[i] = (i * 7919) % 100003 end
  table.sort(t)
  local h = {}
  for i = 1, 100000 do h["k" .. (i % 5000)] = (h["k" .. (i % 5000)] or 0) + i end
  local parts = {}
  for i = 1, 50000 do parts[#parts + 1] = string.format("%d:%.3f", i, i / 7) end
  local s = table.concat(parts, ",")
  local n = 0
  for w in s:gmatch("%d+:") do n = n + #w end
  local acc = 0.0
  for i = 1, 1000000 do acc = acc + math.sin(i) * math.sqrt(i) end
  local co = coroutine.wrap(function() for i = 1, 100000 do coroutine.yield(i) end end)
  local cs = 0
  for _ = 1, 100000 do cs = cs + co() end
  t0 = t0 + t[100] + n + cs + math.floor(acc)
end
print(t0)
