-- Credit, segmentation, categories and the contact log from Lua, on the
-- shipped samples; the figures are the C example credit-check's and the
-- Python tests' for the same files.
local clm = require("clm")
local h = dofile((arg[0]:match("(.*/)") or "./") .. "harness.lua")
local test, eq, data = h.test, h.eq, h.data

test("credit: a healthy client's grade, limits and check", function()
  local policy = assert(clm.credit_policy_load(data .. "credit-policy.xml"))
  local hist = assert(clm.credit_history_load(data .. "credit-history-healthy.xml"))
  eq(policy:info().currency, "RUB", "currency")
  local client = hist:client()
  eq(client.id, "vostok", "client")
  local s = hist:standing("2025-06-30")
  eq(s.paydex, 81, "payment index")
  eq(s.experiences, 5, "experiences")
  eq(s.open, "1400000.00 RUB", "open")
  local g = policy:grade{paydex = s.paydex, receivables = s.open, overdue = s.overdue,
                         tenure_days = s.tenure_days}
  eq(g.grade, "A", "grade")
  eq(g.score, 90500, "score in milli-points")
  local rec = policy:recommend_limit(g.grade, {net_worth = client.net_worth,
    working_capital = client.working_capital, monthly_sales = client.monthly_sales})
  eq(rec.amount, "3600000.00 RUB", "recommended")
  eq(rec.basis, "working-capital", "basis")
  local limit, source = policy:resolve_limit(client.limit, client.group)
  eq(limit, "5000000.00 RUB", "in force")
  eq(source, "group", "source")
  local ck = policy:check{receivables = s.open, document = "500000.00 RUB", limit = limit,
                          max_days_overdue = s.max_days_overdue}
  eq(ck.decision, "allow", "decision")
  eq(ck.exposure, "1900000.00 RUB", "exposure")
  eq(ck.headroom, "3100000.00 RUB", "headroom")
  local v, msg, code = policy:check{receivables = "1.00 USD", limit = limit}
  eq(v, nil, "other currency")
  eq(code, clm.errors.ECURRENCY, "code")
  assert(msg:find("USD"), msg)
end)

test("credit: a distressed client's ageing, due list and reserve", function()
  local policy = clm.credit_policy_load(data .. "credit-policy.xml")
  local hist = clm.credit_history_load(data .. "credit-history-distressed.xml")
  local ag = hist:ageing("2025-06-30", policy)
  local last = ag.buckets[#ag.buckets]
  eq(last.from, 91, "last bucket")
  eq(last.to, nil, "open-ended")
  eq(last.amount, "850000.00 RUB", "over 90")
  eq(last.invoices, 2, "invoices over 90")
  eq(ag.total, "1780000.00 RUB", "total")
  local due = hist:due("2025-06-30")
  local zr202
  for _, d in ipairs(due) do if d.invoice == "ZR-202" then zr202 = d end end
  eq(zr202.days, 119, "ZR-202 days")
  eq(zr202.since, "2025-03-04", "since")
  eq(zr202.manager, "petrova", "manager")
  local r = hist:reserve("2025-06-30", policy, "9000000.00 RUB")
  eq(r.reserve, "900000.00 RUB", "reserve")
  eq(r.capped, true, "capped")
  local d = hist:dso("2025-04-02", "2025-06-30")
  eq(string.format("%.1f", d.dso), "372.6", "DSO")
  eq(d.days, 90, "days")
  local s = hist:standing("2025-06-30")
  eq(s.max_days_overdue, 119, "max days overdue")
  local _, msg, code = clm.credit_history_load(data .. "credit-history-bad.xml")
  eq(code, clm.errors.ESCHEMA, "a payment of no invoice")
  local _, places = msg:gsub("credit%-history%-bad%.xml:16:", "")
  eq(places, 1, "the place named once: " .. msg)
end)

test("credit: the built-in models on statements", function()
  local stm = assert(clm.credit_statements_load(data .. "credit/healthy-statements.xml"))
  local z = stm:score_builtins()[1]
  eq(z.model, "altman-z", "first model")
  eq(string.format("%.4f", z.score), "6.7927", "score")
  eq(z.band .. "/" .. z.level, "safe/safe", "band")
  assert(z.explanation:find("current line 1370  9000000.00 RUB", 1, true), z.explanation)
  local part = assert(clm.credit_statements_load(data .. "credit/partial-statements.xml"))
  local m = part:score_builtins()[1]
  eq(m.scored, false, "cannot score")
  eq(m.model, "altman-z", "named")
  eq(table.concat(m.missing, ","), "1370,2330," .. clm.CREDIT_LINE_MVE, "lines it lacks")
  local _, _, code = clm.credit_statements_load(data .. "credit-policy.xml")
  assert(code and code < 0, "not statements")
end)

test("segmentation: ABC, XYZ and RFM", function()
  local abc = clm.segment_abc({"500.00 RUB", "300.00 RUB", "150.00 RUB", "50.00 RUB"})
  eq(table.concat(abc, ""), "AABC", "abc at 80/95 %")
  eq(table.concat(clm.segment_abc({50000, 30000, 15000, 5000}, "50%", "90%"), ""), "ABBC",
     "other cuts")
  local _, _, code = clm.segment_abc({"1.00 RUB", "1.00 USD"})
  eq(code, clm.errors.ECURRENCY, "one currency")
  local xyz = clm.segment_xyz({{100, 100, 100}, {100, 150, 50}, {0, 0, 300}})
  eq(xyz[1].class, "X", "steady")
  eq(xyz[2].class, "Z", "CV 0.41")
  eq(string.format("%.4f", xyz[2].cv), "0.4082", "cv")
  eq(xyz[3].class, "Z", "erratic")
  local rfm = clm.segment_rfm({"2026-01-10", "2025-06-01", false}, {12, 2, 0},
                              {"900.00 RUB", "100.00 RUB", "0.00 RUB"})
  eq(string.format("%d%d%d %s", rfm[1].r, rfm[1].f, rfm[1].m, rfm[1].segment), "333 loyal",
     "the best of three")
  eq(string.format("%d%d%d %s", rfm[2].r, rfm[2].f, rfm[2].m, rfm[2].segment), "111 hibernating",
     "the other buyer")
  eq(rfm[3].r, 0, "never bought: not scored")
  eq(rfm[3].segment, nil, "no segment")
end)

test("segmentation: ABC, XYZ and RFM in one call equal the three", function()
  math.randomseed(20261206)
  local series = {}
  for i = 1, 300 do
    local row, kind = {}, i % 5
    for p = 1, 12 do
      if kind == 0 then row[p] = math.random(900, 1100) * 100
      elseif kind == 1 then row[p] = math.random(700, 1300) * 100
      elseif kind == 2 then row[p] = math.random(0, 50000) * (1 + p % 3)
      elseif kind == 3 then row[p] = (math.random(4) == 1) and math.random(1, 10000000) or 0
      else row[p] = 0 end
    end
    series[i] = row
  end
  for i = 1, 300, 50 do series[i + 1] = {table.unpack(series[i])} end -- ties
  local totals, freq, last = {}, {}, {}
  for i, row in ipairs(series) do
    totals[i], freq[i], last[i] = 0, 0, false
    for p, a in ipairs(row) do
      totals[i] = totals[i] + a
      if a > 0 then freq[i], last[i] = freq[i] + 1, p end
    end
  end
  for _, cuts in ipairs({{}, {"50%", "90%", "20%", "60%"}}) do
    local all = assert(clm.segment_all(series, cuts[1], cuts[2], cuts[3], cuts[4]))
    local abc = clm.segment_abc(totals, cuts[1], cuts[2])
    local xyz = clm.segment_xyz(series, cuts[3], cuts[4])
    local rfm = clm.segment_rfm(last, freq, totals)
    eq(#all, 300, "one per client")
    local seen = {}
    for i = 1, #series do
      local c, what = all[i], "client " .. i
      eq(c.abc, abc[i], what .. " abc")
      eq(c.xyz, xyz[i].class, what .. " xyz")
      -- the same double (NaN, for a client who never bought, is not equal to itself)
      eq(string.format("%a", c.cv), string.format("%a", xyz[i].cv), what .. " cv")
      eq(string.format("%d%d%d %s", c.r, c.f, c.m, c.segment),
         string.format("%d%d%d %s", rfm[i].r, rfm[i].f, rfm[i].m, rfm[i].segment), what .. " rfm")
      eq(c.total, totals[i], what .. " total")
      eq(c.frequency, freq[i], what .. " frequency")
      eq(c.last, last[i] or nil, what .. " last")
      seen[c.abc], seen[c.xyz] = true, true
    end
    for _, k in ipairs({"A", "B", "C", "X", "Y", "Z", "-"}) do
      assert(seen[k], "the data reaches class " .. k)
    end
  end
  local m = assert(clm.segment_all({{"1500.00 RUB", "0.00 RUB"}, {"0.50 RUB", "0.50 RUB"}}))
  eq(m[1].total, 150000, "money strings: totals in minor units")
  eq(m[2].last, 2, "last period, from 1")
end)

test("segmentation in one call: errors and the empty base", function()
  eq(#assert(clm.segment_all({})), 0, "no client, no result")
  local ok, err = pcall(clm.segment_all, {{1, 2, 3}, {1, 2}})
  assert(not ok and err:find("client 2 has 2 periods, the first 3", 1, true), tostring(err))
  local r, msg, code = clm.segment_all({{1, 2}, {3, 4}}, "96%")
  assert(r == nil and code == clm.errors.EINVAL and msg:find("cut-offs", 1, true), tostring(msg))
  r, msg, code = clm.segment_all({}, nil, nil, "30%", "20%")
  assert(r == nil and code == clm.errors.EINVAL, "cut-offs checked on an empty base too")
  r, msg, code = clm.segment_all({{1}, {2}})
  assert(r == nil and code == clm.errors.EINVAL and msg:find("at least 2", 1, true), tostring(msg))
  r, msg, code = clm.segment_all({{"1.00 RUB", "1.00 RUB"}, {"1.00 USD", "1.00 USD"}})
  eq(code, clm.errors.ECURRENCY, "one currency across clients")
end)

test("category policies: evaluate, apply, assign", function()
  local p = assert(clm.category_policy_load(data .. "category-policy.xml"))
  local info = p:info()
  eq(table.concat(info.categories, ","), "key,regular,promising,dormant,watch", "categories")
  local r = p:evaluate({id = "C-1", abc = "A", margin = "600000.00 RUB",
                        turnover = "5000000.00 RUB", xyz = "X", r = 5, f = 5, m = 5,
                        last_purchase = "2026-01-05", since = "2020-01-01"}, "2026-01-12")
  eq(r.key, "key-a-margin", "key")
  eq(r.regular, "regular-stable", "regular")
  eq(r.dormant, nil, "not dormant")
  local d = p:evaluate({id = "C-2", abc = "C", margin = "-1.00 RUB",
                        last_purchase = "2025-01-05"}, "2026-01-12")
  eq(d.dormant, "dormant-180", "dormant")
  eq(d.watch, "watch-risk", "watch")
  local _, _, code = p:evaluate({id = "C-3", margin = "1.00 USD"}, "2026-01-12")
  eq(code, clm.errors.ECURRENCY, "currency")
  local who = {user = "ivanova", role = "manager", at = 0}
  local c = clm.client_new(who, "C-1", "legal_entity", "Romashka")
  eq(p:apply(c, {user = "rules", role = "system"}, {client = c, abc = "A",
     margin = "600000.00 RUB"}, "2026-01-12"), 2, "key and dormant")
  _, _, code = p:assign(c, {user = "petrov", role = "manager"}, "watch", true, "looks risky")
  eq(code, clm.errors.EPERM, "role")
  assert(p:assign(c, {user = "petrov", role = "manager"}, "promising", true, "met at the fair"))
end)

test("contact log: save and scan", function()
  local st = clm.store_memory()
  local who = {user = "ivanova", role = "manager", at = 1767225600}
  local e = {direction = "outgoing", channel = "call", at = 1767225600, client_id = "C-1",
             manager = "ivanova", purpose = "offer", next_action = "send the contract",
             next_due = "2026-01-15"}
  eq(clm.contact_save(st, who, "K-1", 0, e, "first call"), 1, "version")
  e.next_action, e.next_due, e.client_id = nil, nil, "C-2"
  assert(clm.contact_save(st, who, "K-2", 0, e))
  local _, _, code = clm.contact_save(st, who, "K-1", 0, e)
  eq(code, clm.errors.EEXISTS, "taken")
  _, _, code = clm.contact_save(st, who, "K-3", 0, {direction = "sideways", client_id = "C-1",
                                                    manager = "ivanova"})
  eq(code, clm.errors.ENOTFOUND, "direction's name")
  local all = clm.contact_scan(st)
  eq(#all, 2, "both")
  eq(all[1].next_due, "2026-01-15", "due")
  eq(all[2].next_action, nil, "none planned")
  local due = clm.contact_scan(st, {due_from = "2026-01-01", due_to = "2026-01-31"})
  eq(#due, 1, "due in January")
  eq(due[1].id, "K-1", "which")
  eq(#clm.contact_scan(st, {client_id = "C-2"}), 1, "by client")
end)

test("many objects dropped, collected", function()
  local keep = {}
  for i = 1, 100 do
    keep[#keep + 1] = clm.credit_policy_load(data .. "credit-policy.xml")
    keep[#keep + 1] = clm.category_policy_load(data .. "category-policy.xml")
    if i % 3 == 0 then keep[#keep]:close() end
  end
  keep = nil
  collectgarbage()
  collectgarbage()
end)

h.done()
