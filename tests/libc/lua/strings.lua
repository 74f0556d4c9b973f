-- Strings: patterns, gsub with functions and tables, byte/char, rep, reverse, utf8, string.format.
local s = "The quick brown fox jumps over the lazy dog"
print(#s, s:upper(), s:lower():reverse())
for w in s:gmatch("%a+") do io.write(w:sub(1, 1), w:len(), " ") end
print()
print(s:gsub("(%w+)", "<%1>"))
print(s:gsub("%w+", function(w) return #w > 4 and w:upper() or nil end))
print(s:gsub("o", {o = "0"}, 2))
print(s:find("fox"), s:find("f.x", 1, true), s:match("(%a+) (%a+)$"))
print(string.byte("ABC", 1, -1), string.char(72, 105), ("ab"):rep(3, "-"))
print(string.format("%5d|%-5d|%05.1f|%x|%X|%o|%e|%g|%g|%a", 42, 42, 3.14159, 255, 255, 8, 1234.5, 1e20, 0.1, 1.0))
print(string.format("%q", "line\nbreak\0zero\"quote"), string.format("%q", 1 / 3), string.format("%q", math.mininteger))
print(string.format("%10.3s|%-10s|%s|%s|%s", "abcdef", "left", nil, true, 12.0))
print(string.format("%.14g %.17g %.3f %i", 2 ^ 53, 0.1, -0.0005, -7))
print(utf8.char(72, 228, 8364, 128512), utf8.len("häll€"), #utf8.char(128512))
for p, c in utf8.codes("aé€") do io.write(p, ":", c, " ") end
print()
local parts = {}
for k, v in string.gmatch("a=1, b=22, cc=333", "(%w+)=(%w+)") do parts[#parts + 1] = k .. "->" .. v end
print(table.concat(parts, ";"))
print(("%d items"):format(3), tostring(12):rep(2), ("x"):byte(), ("%5.2s|"):format("xyz"))
print(string.pack and #string.pack("i4i8d", 1, 2, 3.0), string.unpack("<i2", "\1\2"))
print(tostring(1e15), tostring(1e16), tostring(-0.0), 10 // 3, 10.0 // 3, -7 % 3, 7 % -3, 2 ^ -1)
print(math.tointeger(3.0), math.type(1), math.type(1.0), math.type("1"), 3 | 5, 3 ~ 5, ~0, 1 << 62)
print(tonumber("0x10"), tonumber("10", 2), tonumber("  12  "), tonumber("1e2"), tonumber("z", 36))
