-- offer_flow.lua [--sqlite FILE] [--xml FILE] [--html FILE] DATA-DIR
--
-- The Lua twin of `offer-flow`: an offer for a wholesale client priced
-- through the engine with the price book, approved by the head of
-- department, credit-checked, sent (term of acceptance on the Russian
-- working-day calendar, Civil Code art. 441), countered by the client
-- (art. 443), accepted; the contract's protocol of disagreements settled
-- and the contract concluded; both stored and read back. Every figure is
-- libclm's; the output is the C example's, line for line.
local clm = require("clm")

local function day_seconds(d)
  -- days since 1970-01-01: libclm counts them, a date string is its input
  local y, m, dd = d:match("^(%d+)-(%d+)-(%d+)$")
  return os.time{year = tonumber(y), month = tonumber(m), day = tonumber(dd), hour = 12}
end
local EPOCH = day_seconds("1970-01-01")

-- The actor at 10:00 UTC on day d.
local function act(user, role, d)
  local days = (day_seconds(d) - EPOCH) // 86400
  return {user = user, role = role, at = days * 86400 + 10 * 3600}
end

local function show_pricing(o)
  for i, l in ipairs(o:lines()) do
    print(string.format("  line %d %-9s base %s  net %s", i, l.product, l.base, l.net))
    for _, e in ipairs(l.trace) do
      if e.kind == "applied" then print(string.format("    %s: %s", e.name, e.reason)) end
    end
  end
  print("  total net " .. assert(o:totals()).net)
end

local function flow(opts, dir)
  local policy = assert(clm.discount_policy_load(dir .. "/wholesale-policy.xml"))
  local book = assert(assert(clm.price_set_load(dir .. "/price-lists.xml")):compile(policy))
  local engine = assert(policy:compile(book))
  local credit = assert(clm.credit_policy_load(dir .. "/credit-policy.xml"))
  local ru = clm.calendar_ru()

  -- 1. the offer, priced
  local prep, send = "2026-02-02", "2026-02-03"
  local manager, head = act("ivanov", "manager", prep), act("petrova", "head_of_department", prep)
  local offer = assert(clm.offer_new({id = "O-2026-001", client_id = "C-042", manager = "ivanov",
    currency = "RUB", date = prep, prepayment = "100%", delivery = "FCA Moscow warehouse",
    delivery_days = 5}, manager))
  assert(offer:add_line{product = "CEM-M500", group = "cement", quantity = 600})
  assert(offer:add_line{product = "BRK-RED", group = "bricks", quantity = 1200})
  local pricing = {engine = engine, book = book, policy_version = "2026-01",
                   client = {id = "C-042", legal_type = "legal_entity", categories = {"wholesale"}}}
  assert(offer:price(manager, pricing))
  print(string.format("offer %s for %s, priced by %s (policy %s):", offer:id(), "C-042",
                      policy:name(), pricing.policy_version))
  show_pricing(offer)

  -- 2. approval and the credit check
  local role, why = offer:approval()
  print(string.format("approval: %s (%s)", role or "none", why or "within the ladder"))
  local cr = {policy = credit, receivables = "400000.00 RUB", limit = "5000000.00 RUB"}
  assert(offer:submit(manager, cr))
  print("submitted by the manager: " .. offer:state())
  assert(offer:approve(head, cr, "a volume client"))
  local records = offer:credit_records()
  print(string.format("approved by %s; credit check: %s", head.user,
                      records[#records].check.decision))

  -- 3. sent; the client answers on other terms
  local rules = {reasonable_days = 10}
  assert(offer:send(act("ivanov", "manager", send), rules, ru, cr))
  print(string.format("sent; term of acceptance to %s (art. 441: %d working days)",
                      offer:info().term_ends, rules.reasonable_days))
  local answer = "2026-02-05"
  local mgr5 = act("ivanov", "manager", answer)
  local counter = assert(offer:counter_draft("O-2026-001-C", mgr5))
  local terms = counter:info()
  terms.prepayment, terms.deferral_days = 0, 14
  assert(counter:set_terms(terms))
  assert(counter:price(mgr5, pricing))
  assert(offer:counter(counter, mgr5, answer, rules, ru))
  print(string.format("the client answers with a 14-day deferral: %s is %s (art. 443), "
                      .. "counter-offer %s", offer:id(), offer:state(), counter:id()))
  show_pricing(counter)
  local head5 = act("petrova", "head_of_department", answer)
  assert(counter:accept(head5, {dispatched_on = answer, received_on = answer}, rules, ru, cr))
  print("counter-offer accepted by the head of department")

  -- 4. the contract, its protocol of disagreements, conclusion
  local contract = assert(clm.contract_from_offer(counter, {id = "K-2026-017"}, mgr5))
  local k = assert(contract:dispute(act("ivanov", "manager", "2026-02-09"), {clause = "5.2",
    draft = "penalty 0.1 % of the unpaid amount per day",
    client = "penalty 0.05 % of the unpaid amount per day", received_on = "2026-02-09"}))
  local head10 = act("petrova", "head_of_department", "2026-02-10")
  assert(contract:answer(head10, k, "penalty 0.07 % per day, at most 10 %"))
  assert(contract:settle(head10, k, "answer", "agreed by phone"))
  assert(contract:agree(head10))
  assert(contract:conclude(head10, "2026-02-10"))
  io.write(assert(contract:protocol_text()))
  local _, open = contract:amounts()
  print(string.format("contract %s %s; confirmed, not invoiced: %s", contract:id(),
                      contract:state(), open))

  -- 5. the store, and the XML
  local st
  if opts["--sqlite"] then
    -- the same ids every run: start from an empty database
    for _, f in ipairs{opts["--sqlite"], opts["--sqlite"] .. "-wal", opts["--sqlite"] .. "-shm"} do
      os.remove(f)
    end
    st = assert(clm.store_sqlite(opts["--sqlite"]))
  else
    st = clm.store_memory()
  end
  assert(offer:save(st, mgr5, "countered"))
  assert(counter:save(st, head5, "accepted"))
  assert(contract:save(st, head10, "concluded"))
  local back = assert(clm.offer_load(st, counter:id()))
  local kback = assert(clm.contract_load(st, contract:id()))
  local oeq, keq = back:equal(counter), kback:equal(contract)
  print(string.format("stored in %s and read back: offer %s, contract %s",
                      opts["--sqlite"] and "SQLite" or "memory", oeq and "equal" or "DIFFERENT",
                      keq and "equal" or "DIFFERENT"))
  local status = (oeq and keq) and 0 or 1
  for _, w in ipairs{{"offer XML", opts["--xml"], function() return counter:to_xml() end},
                     {"offer document", opts["--html"], function() return offer:document(true) end}} do
    if w[2] then
      local f, err = io.open(w[2], "wb")
      if f then
        f:write(assert(w[3]()))
        f:close()
      else
        io.stderr:write(err, "\n")
        status = 1
      end
      print(string.format("%s written to %s", w[1], w[2]))
    end
  end
  st:close()
  return status
end

local function main(args)
  local opts, dir, i = {}, nil, 1
  while i <= #args do
    local a = args[i]
    if (a == "--sqlite" or a == "--xml" or a == "--html") and i < #args then
      opts[a] = args[i + 1]
      i = i + 1
    elseif dir == nil and a:sub(1, 1) ~= "-" then
      dir = a
    else
      dir = nil
      break
    end
    i = i + 1
  end
  if not dir then
    io.stderr:write("usage: offer_flow.lua [--sqlite FILE] [--xml FILE] [--html FILE] DATA-DIR\n")
    return 2
  end
  local ok, status = pcall(flow, opts, dir)
  if not ok then
    io.stderr:write("offer_flow.lua: ", tostring(status), "\n")
    return 1
  end
  return status
end

os.exit(main(arg))
