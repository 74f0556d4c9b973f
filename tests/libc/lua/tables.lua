-- Tables: arrays, hash parts, sort with comparators, insert/remove/move/unpack, metatables,
-- __index/__newindex/__call/__eq/__lt/__concat, weak tables and the collector.
math.randomseed(42)
local t = {}
for i = 1, 1000 do t[i] = (i * 7919) % 1009 end
table.sort(t)
print(t[1], t[500], t[1000], #t)
table.sort(t, function(a, b) return a > b end)
print(t[1], t[2], t[1000])
table.insert(t, 1, -1)
table.insert(t, 99)
print(table.remove(t), table.remove(t, 1), #t)
print(table.concat(table.move({1, 2, 3, 4, 5}, 2, 4, 1), ","), select("#", table.unpack({1, nil, 3}, 1, 3)))
local h = {}
for i = 1, 200 do h["key" .. i] = i * i end
local keys = {}
for k in pairs(h) do keys[#keys + 1] = k end
table.sort(keys)
print(#keys, keys[1], keys[200], h.key17)
local Vec = {}
Vec.__index = Vec
Vec.__add = function(a, b) return setmetatable({x = a.x + b.x, y = a.y + b.y}, Vec) end
Vec.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Vec.__lt = function(a, b) return a.x < b.x end
Vec.__tostring = function(v) return "(" .. v.x .. "," .. v.y .. ")" end
Vec.__concat = function(a, b) return tostring(a) .. tostring(b) end
Vec.__call = function(v, k) return v.x * k end
Vec.__len = function() return 2 end
function Vec.new(x, y) return setmetatable({x = x, y = y}, Vec) end
function Vec:norm2() return self.x * self.x + self.y * self.y end
local a, b = Vec.new(1, 2), Vec.new(3, 4)
print(tostring(a + b), a == Vec.new(1, 2), a < b, a .. b, a(10), #a, (a + b):norm2())
local log = {}
local proxy = setmetatable({}, {__index = function(_, k) return k .. "!" end,
                                 __newindex = function(_, k, v) log[#log + 1] = k .. "=" .. tostring(v) end})
proxy.a = 1
proxy.b = nil
print(proxy.hello, table.concat(log, " "), rawget(proxy, "a"))
local weak = setmetatable({}, {__mode = "k"})
weak[{}] = 1
weak[t] = 2
collectgarbage()
local n = 0
for _ in pairs(weak) do n = n + 1 end
print("weak entries after collect", n)
local r = {}
for i = 1, 10 do r[i] = math.random(1, 100) end
print(table.concat(r, " "), math.random() < 1)
local big = {}
for i = 1, 200000 do big[i] = i end
for i = 1, 200000, 2 do big[i] = nil end
local s = 0
for _, v in pairs(big) do s = s + v end
print("sum of evens", s, collectgarbage("count") > 0)
