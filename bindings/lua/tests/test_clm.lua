-- The Lua binding: money, rates, dates, calendars, stores, clients and
-- discount pricing. Figures are libclm's on the shipped samples (the same
-- as the C example discount-check and the Python tests give).
local clm = require("clm")
local root = os.getenv("CLM_SOURCE_ROOT") or "."
local data = root .. "/examples/data/"

local failures, count = 0, 0
local function test(name, fn)
  count = count + 1
  local ok, err = pcall(fn)
  if ok then
    print("ok   " .. name)
  else
    failures = failures + 1
    print("FAIL " .. name .. ": " .. tostring(err))
  end
end
local function eq(got, want, what)
  if got ~= want then
    error(string.format("%s: got %s, want %s", what or "value", tostring(got), tostring(want)), 2)
  end
end

test("money is text or integer minor units, never a float", function()
  eq(clm.money_add("10.05 RUB", "0.95 RUB"), "11.00 RUB", "add")
  eq(clm.money_mul("10.05 RUB", 3), "30.15 RUB", "mul")
  local minor, cur = clm.money_minor("1234.50 RUB")
  eq(math.type(minor), "integer", "minor type")
  eq(minor, 123450, "minor")
  eq(cur, "RUB", "currency")
  eq(clm.money_from_minor(1, "KWD"), "0.001 KWD", "exponent 3")
  eq(clm.money_mul_rate("0.05 RUB", "50%", "half-even"), "0.02 RUB", "half-even")
  eq(clm.money_mul_rate("0.05 RUB", "50%", "half-up"), "0.03 RUB", "half-up")
  local parts = clm.money_allocate("100.00 RUB", {1, 1, 1})
  eq(table.concat(parts, ","), "33.34 RUB,33.33 RUB,33.33 RUB", "allocate")
end)

test("errors are nil, message, code", function()
  local v, msg, code = clm.money_add("1.00 RUB", "1.00 USD")
  eq(v, nil, "value")
  eq(code, clm.errors.ECURRENCY, "code")
  assert(type(msg) == "string" and #msg > 0, "message")
  v, msg, code = clm.money_minor("1.005 RUB")
  eq(code, clm.errors.EPARSE, "too many decimals")
  v, msg, code = clm.date_add_days("2023-02-29", 1)
  eq(code, clm.errors.ERANGE, "no such day")
  assert(msg:find("no such day"), msg)
  eq(clm.rate_parse("12.5%"), 125000, "rate")
  eq(clm.rate_format(-1), "-0.0001%", "rate format")
end)

test("calendar and legal terms", function()
  local ru = clm.calendar_ru()
  -- docs/rules.md: 1 Mar 2024 + 7 days -> 8 Mar holiday, weekend -> 11 Mar.
  eq(ru:term_end("2024-03-01", 7, "days"), "2024-03-11", "term")
  eq(ru:term_end("2025-12-25", 10, "days"), "2026-01-12", "consumer claim")
  eq(ru:is_working("2024-03-08"), false, "holiday")
  ru:close()
  ru:close()  -- idempotent
  assert(not pcall(ru.is_working, ru, "2024-03-08"), "used after close")
  local cal = clm.calendar_new("test")
  cal:add_day("2025-01-01", "holiday", "New Year")
  eq(cal:count_working_days("2025-01-01", "2025-01-07"), 4, "working days")
end)

test("store: put, get, versions, scan, transactions", function()
  local st = clm.store_memory()
  eq(st:put({kind = "invoice", id = "inv-1", client_id = "c1", amount = "100.00 RUB",
             due = "2026-01-12", body = "<invoice/>"}), 1, "created")
  local r = st:get("invoice", "inv-1")
  eq(r.amount, "100.00 RUB", "amount")
  eq(r.due, "2026-01-12", "due")
  eq(r.version, 1, "version")
  local _, _, code = st:put({kind = "invoice", id = "inv-1"})
  eq(code, clm.errors.EEXISTS, "exists")
  _, _, code = st:put({kind = "invoice", id = "inv-1", version = 7})
  eq(code, clm.errors.ECONFLICT, "stale")
  st:put({kind = "invoice", id = "inv-2", client_id = "c2"})
  local ids = {}
  for rec in st:scan("invoice", {client_id = "c1"}) do ids[#ids + 1] = rec.id end
  eq(table.concat(ids, ","), "inv-1", "scan")
  local ok = pcall(st.transaction, st, function(s)
    s:put({kind = "invoice", id = "inv-3"})
    error("boom")
  end)
  eq(ok, false, "raised")
  eq(st:count("invoice"), 2, "rolled back")
  st:transaction(function(s) s:put({kind = "invoice", id = "inv-3"}) end)
  eq(st:count("invoice"), 3, "committed")
  eq(st:depth(), 0, "depth")
  _, _, code = st:get("invoice", "none")
  eq(code, clm.errors.ENOTFOUND, "not found")
end)

test("clients", function()
  local who = {user = "ivanova", role = "manager", at = 1767225600}
  local c = clm.client_new(who, "C-1", "legal_entity", "Romashka")
  c:set(who, "email", "info@romashka.ru")
  local _, msg, code = c:set_tax_id(who, "RU", "INN", "7707083894")
  eq(code, clm.errors.EINVAL, "bad INN")
  assert(msg:find("check digit"), msg)
  assert(c:set_tax_id(who, "RU", "INN", "7707083893"))
  assert(c:set_state(who, "interested"))
  _, _, code = c:set_state(who, "regular")
  eq(code, clm.errors.ESTATE, "transition table")
  local st = clm.store_memory()
  eq(c:save(st, who, "created"), 1, "saved")
  local back = clm.client_load(st, "C-1"):table()
  eq(back.name, "Romashka", "name")
  eq(back.state, "interested", "state")
  eq(back.email, "info@romashka.ru", "email")
end)

test("discount pricing with the trace", function()
  local policy = assert(clm.discount_policy_load(data .. "loyalty-policy.xml"))
  local engine = policy:compile()
  policy = nil
  collectgarbage()  -- the engine keeps its policy
  local order = assert(clm.discount_order_load(data .. "loyalty-order.xml"))
  local r = engine:price(order)
  eq(r.lines[1].net, "73750.67 RUB", "line 1")
  eq(r.lines[2].net, "19578.60 RUB", "line 2")
  eq(r.totals.net, "93329.27 RUB", "total")
  eq(r.lines[1].rate, "7.8113%", "rate")
  eq(r.approval, "manager", "approval")
  local applied = {}
  for _, t in ipairs(r.lines[1].trace) do
    if t.kind == "applied" then applied[#applied + 1] = t.rule end
  end
  eq(table.concat(applied, ","), "key-client,tenure-3y,turnover-gold", "trace")
  local _, msg = clm.discount_policy_load(data .. "bad-policy-range.xml")
  assert(msg:find("bad%-policy%-range.xml:8:"), msg)
  local findings = clm.discount_policy_load(data .. "findings-policy.xml"):validate()
  eq(#findings, 6, "findings")
end)

test("claims: deadline and penalty", function()
  local st, ru = clm.store_memory(), clm.calendar_ru()
  local who = {user = "ivanov", role = "manager", at = 0}
  local info = {client_id = "C-0001", manager = "ivanov", form = "written", channel = "email",
                received = "2025-12-25", subject = "quality_defect", demand = "refund",
                price = "15000.00 RUB", claimed = "15000.00 RUB", regime = "ru-consumer"}
  local c = assert(clm.claim_register(st, info, ru, who))
  eq(c:number(), "CL-2025-000001", "number")
  eq(c:deadlines(ru, "2025-12-25").resolution, "2026-01-12", "art. 22 deadline")
  local p = c:penalty(ru, "2026-01-22")
  eq(p.amount, "1500.00 RUB", "art. 23 penalty")
  eq(p.days, 10, "days late")
  local _, _, code = c:move("closed", who, "2025-12-26")
  eq(code, clm.errors.ESTATE, "workflow table")
  info.demand = "money-back"
  local v, msg = clm.claim_register(st, info, ru, who)
  eq(v, nil, "bad demand name")
  assert(msg:find("money%-back"), msg)
end)

test("many objects dropped, collected", function()
  local keep = {}
  for i = 1, 200 do
    keep[#keep + 1] = clm.store_memory()
    keep[#keep + 1] = clm.calendar_ru()
    if i % 3 == 0 then keep[#keep]:close() end
  end
  keep = nil
  collectgarbage()
  collectgarbage()
end)

print(string.format("%d tests, %d failed", count, failures))
os.exit(failures == 0 and 0 or 1)
