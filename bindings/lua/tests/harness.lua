-- The tests' shared harness: test(name, fn), eq(got, want, what), done()
-- (prints the count and exits 1 if any failed), and the samples' folder.
local h = {failures = 0, count = 0}
local root = os.getenv("CLM_SOURCE_ROOT") or "."
h.data = root .. "/examples/data/"

function h.test(name, fn)
  h.count = h.count + 1
  local ok, err = pcall(fn)
  if ok then
    print("ok   " .. name)
  else
    h.failures = h.failures + 1
    print("FAIL " .. name .. ": " .. tostring(err))
  end
end

function h.eq(got, want, what)
  if got ~= want then
    error(string.format("%s: got %s, want %s", what or "value", tostring(got), tostring(want)), 2)
  end
end

function h.done()
  print(string.format("%d tests, %d failed", h.count, h.failures))
  os.exit(h.failures == 0 and 0 or 1)
end

return h
