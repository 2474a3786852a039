-- Offers and contracts from Lua on the shipped samples: pricing with the
-- price book, the ladder, the credit check, the Civil Code's acts and
-- verdicts, the contract's protocol and execution, XML and the store. The
-- figures are the C example offer-flow's for the same data.
local clm = require("clm")
local h = dofile((arg[0]:match("(.*/)") or "./") .. "harness.lua")
local test, eq, data = h.test, h.eq, h.data

local policy = assert(clm.discount_policy_load(data .. "wholesale-policy.xml"))
local book = assert(assert(clm.price_set_load(data .. "price-lists.xml")):compile(policy))
local engine = assert(policy:compile(book))
local cpolicy = assert(clm.credit_policy_load(data .. "credit-policy.xml"))
local ru = clm.calendar_ru()
local AT = 20486 * 86400 + 36000            -- 2026-02-02 10:00 UTC
local MGR = {user = "ivanov", role = "manager", at = AT}
local HEAD = {user = "petrova", role = "head_of_department", at = AT}
local CREDIT = {policy = cpolicy, receivables = "400000.00 RUB", limit = "5000000.00 RUB"}
local PRICING = {engine = engine, book = book, policy_version = "2026-01",
                 client = {id = "C-042", legal_type = "legal_entity", categories = {"wholesale"}}}

local function draft(id)
  local o = assert(clm.offer_new({id = id or "O-1", client_id = "C-042", manager = "ivanov",
                                  currency = "RUB", date = "2026-02-02", prepayment = "100%"}, MGR))
  assert(o:add_line{product = "CEM-M500", group = "cement", quantity = 600})
  assert(o:add_line{product = "BRK-RED", group = "bricks", quantity = "1200"})
  return o
end

local function sent(id)
  local o = draft(id)
  assert(o:price(MGR, PRICING))
  assert(o:submit(MGR, CREDIT))
  assert(o:approve(HEAD, CREDIT))
  assert(o:send({user = "ivanov", role = "manager", at = AT + 86400}, nil, ru, CREDIT))
  return o
end

test("pricing with the price book and the ladder", function()
  local o = draft()
  eq(o:info().priced, false, "not priced")
  local _, _, code = o:totals()
  eq(code, clm.errors.ESTATE, "no totals before pricing")
  assert(o:price(MGR, PRICING))
  local lines = o:lines()
  eq(lines[1].base, "216600.00 RUB", "base")
  eq(lines[1].net, "199272.00 RUB", "net")
  eq(lines[2].quantity_milli, 1200000, "thousandths")
  eq(lines[1].source, "price-list", "source")
  eq(o:totals().net, "220632.00 RUB", "total")
  local role, why, approvable = o:approval()
  eq(role, "head_of_department", "approval")
  assert(why:find("line 2: discount 11%", 1, true), why)
  eq(approvable, true, "approvable")
  local ok, err = pcall(o.add_line, o, {product = "X", quantity = "1.2345"})
  eq(ok, false, "a fourth decimal")
  assert(tostring(err):find("more decimals than a thousandth", 1, true), err)
  eq(#o:lines(), 2, "no line added")
end)

test("the acts follow the transition table and change nothing on error", function()
  local o = draft()
  local _, _, code = o:submit(MGR, CREDIT)
  eq(code, clm.errors.ESTATE, "not priced")
  assert(o:price(MGR, PRICING))
  assert(o:submit(MGR, CREDIT))
  eq(o:state(), "awaiting-approval", "awaits")
  _, _, code = o:approve(MGR, CREDIT)
  eq(code, clm.errors.EPERM, "the manager's role does not suffice")
  eq(o:state(), "awaiting-approval", "unchanged")
  _, _, code = o:approve(HEAD, {policy = cpolicy, receivables = "1.00 USD", limit = "1.00 RUB"})
  eq(code, clm.errors.ECURRENCY, "credit in another currency")
  assert(o:approve(HEAD, CREDIT))
  local rec = o:credit_records()
  eq(#rec, 1, "one check")
  eq(rec[1].stage .. " " .. rec[1].check.decision, "approval allow", "check")
  local ev = o:events()
  eq(ev[#ev].action .. " " .. ev[#ev].from .. " -> " .. ev[#ev].to,
     "approve awaiting-approval -> approved", "event")
end)

test("sending, verdicts, acceptance", function()
  local o = sent()
  eq(o:info().term_ends, "2026-02-17", "10 working days")
  local v, article = o:judge({dispatched_on = "2026-02-16", received_on = "2026-02-19"}, nil, ru)
  eq(v, "late-valid", "sent in time, received late")
  assert(article:find("442"), article)
  eq(o:judge({dispatched_on = "2026-02-10", received_on = "2026-02-11", full = false}, nil, ru),
     "counter", "not full")
  assert(o:accept(MGR, {dispatched_on = "2026-02-10", received_on = "2026-02-11"}, nil, ru, CREDIT))
  eq(o:state(), "accepted", "accepted")
  eq(o:info().accepted_on, "2026-02-11", "day")
end)

test("contracts: protocol, conclusion, invoices, XML and the store", function()
  local o = sent()
  assert(o:accept(MGR, {dispatched_on = "2026-02-10", received_on = "2026-02-11"}, nil, ru, CREDIT))
  local k = assert(clm.contract_from_offer(o, {id = "K-1", obligatory = true}, MGR))
  eq(k:state(), "draft", "draft")
  local i = assert(k:dispute(MGR, {clause = "5.2", client = "penalty 0.05 %",
                                   received_on = "2026-02-12"}))
  local j = assert(k:dispute(MGR, {line = 2, client = "a lower price", figure = "20000.00 RUB",
                                   received_on = "2026-02-12"}))
  eq(i .. "," .. j, "1,2", "counted from 1")
  local _, _, code = k:dispute(MGR, {clause = "5.2", client = "again", received_on = "2026-02-12"})
  eq(code, clm.errors.EEXISTS, "twice")
  assert(k:answer(HEAD, i, "penalty 0.07 %"))
  assert(k:settle(HEAD, i, "answer", "by phone"))
  assert(k:settle(HEAD, j, "client-wording"))
  assert(k:protocol_text():find("Clause 5.2", 1, true))
  local amount = k:amounts()
  eq(amount, "219272.00 RUB", "the line settled on the client's figure")
  assert(k:add_special(HEAD, {kind = "individual-discount", text = "2 % on cement", rate = "2%"}))
  assert(k:agree(HEAD))
  local h13 = {user = "petrova", role = "head_of_department", at = AT + 11 * 86400}
  assert(k:conclude(h13, "2026-02-13"))
  _, _, code = k:invoice(h13, "300000.00 RUB")
  eq(code, clm.errors.ERANGE, "more than the amount")
  assert(k:invoice(h13, "19272.00 RUB"))
  local _, open, invoiced = k:amounts()
  eq(open .. " / " .. invoiced, "200000.00 RUB / 19272.00 RUB", "amounts")
  eq(k:state(), "in-execution", "executing")
  local ds = k:disagreements()
  eq(ds[1].clause .. " " .. ds[1].settlement .. " " .. ds[1].decided_by, "5.2 answer petrova",
     "first disagreement")
  eq(ds[1].answer_due, "2026-03-14", "art. 445: thirty days")
  eq(ds[2].line .. " " .. ds[2].figure, "2 20000.00 RUB", "on line 2")
  _, _, code = k:add_special(h13, {kind = "no-such-kind", text = "x"})
  eq(code, clm.errors.ENOTFOUND, "kind's name")
  eq(k:specials()[1].kind .. " " .. k:specials()[1].rate, "individual-discount 2%", "special")
  assert(k:complete(h13))
  local n = assert(k:renew("K-2", h13))
  eq(n:state(), "draft", "renewed as a draft")
  local actions = {}
  for _, e in ipairs(k:events()) do actions[#actions + 1] = e.action end
  eq(table.concat(actions, ","),
     "create,dispute,dispute,answer,settle,settle,special,agree,conclude,invoice,complete,renew",
     "events")
  local st = clm.store_memory()
  eq(k:save(st, HEAD, "made"), 1, "version")
  eq(o:save(st, MGR), 1, "offer version")
  assert(clm.contract_load(st, "K-1"):equal(k))
  assert(clm.offer_load(st, "O-1"):equal(o))
  assert(clm.offer_from_xml(o:to_xml()):equal(o))
  assert(k:to_xml():find("<contract", 1, true))
  assert(k:document():find("K-1", 1, true))
  _, _, code = clm.offer_load(st, "O-9")
  eq(code, clm.errors.ENOTFOUND, "no such offer")
end)

test("counter-offers and new versions", function()
  local o = sent()
  local mgr5 = {user = "ivanov", role = "manager", at = AT + 3 * 86400}
  local c = assert(o:counter_draft("O-1-C", mgr5))
  local terms = c:info()
  eq(terms.from_client, true, "the client's")
  terms.prepayment, terms.deferral_days = 0, 14
  assert(c:set_terms(terms))
  assert(c:price(mgr5, PRICING))
  assert(o:counter(c, mgr5, "2026-02-05", nil, ru))
  eq(o:state(), "countered", "countered")
  eq(c:totals().net, "224241.00 RUB", "counter total")
  local d = draft("O-2")
  local n = assert(d:new_version("O-2-2", MGR))
  eq(d:state() .. " " .. n:info().supersedes .. " " .. n:info().revision, "superseded O-2 2",
     "versions")
end)

test("many offers dropped, collected", function()
  local keep = {}
  for i = 1, 50 do
    local o = draft("O-" .. i)
    keep[#keep + 1] = o
    keep[#keep + 1] = o:lines()
    if i % 3 == 0 then o:close() end
  end
  keep = nil
  collectgarbage()
  collectgarbage()
end)

h.done()
