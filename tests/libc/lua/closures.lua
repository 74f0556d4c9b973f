-- Closures and upvalues, varargs, recursion, tail calls, error handling (pcall, error
-- objects, xpcall with a traceback handler), goto, integer/float arithmetic edge cases.
local function counter()
  local n = 0
  return function(k) n = n + (k or 1); return n end
end
local c1, c2 = counter(), counter()
c1(); c1(5); c2()
print(c1(), c2())
local fns = {}
for i = 1, 5 do fns[i] = function() return i * i end end
print(fns[1](), fns[3](), fns[5]())
local function va(...)
  local n = select("#", ...)
  return n, ..., select(-1, ...)
end
print(va(1, nil, 3))
print((va(1, 2)))
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(20), fact(25), fact(170) > 1e300)
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + n) end
print("tail calls", loop(1000000, 0))
local ok, err = pcall(function() error({code = 7}) end)
print(ok, type(err), err.code)
ok, err = pcall(function() error("boom", 0) end)
print(ok, err)
ok, err = pcall(function() local x = nil; return x.field end)
print(ok, (err:gsub("^.-:%d+: ", "")))
print(xpcall(function() error("deep") end, function(m) return "handled: " .. m:gsub("^.-:%d+: ", "") end))
print(select(2, pcall(error)))
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto continue end
    io.write(i, j, " ")
    ::continue::
  end
end
print()
print(math.maxinteger + 1 == math.mininteger, math.maxinteger // -1, 5 // 0.0, -5 // 0.0, 0/0 ~= 0/0)
print(pcall(function() return 1 // 0 end))
print(string.format("%.20g", 0.1 + 0.2), 1e308 * 10, -1e308 * 10, math.floor(-3.5), math.ceil(-3.5))
print(math.abs(math.mininteger), math.fmod(-7, 3), math.fmod(7, -3), math.ult(1, -1))
local memo = setmetatable({}, {__mode = "v"})
local function fib(n) if n < 2 then return n end local v = memo[n] if v then return v end v = fib(n - 1) + fib(n - 2) memo[n] = v return v end
print(fib(80))
