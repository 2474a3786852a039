-- credit_check.lua POLICY.xml HISTORY.xml [--as-of YYYY-MM-DD] [--amount "X RUB"]
--                  [--orders "X RUB"] [--revenue "X RUB"] [--statements S.xml] [--explain]
--
-- The Lua twin of `credit-check`: a client's credit file in one screen
-- (the built-in models on its statements, the payment index, DSO, ageing,
-- the art. 266 reserve, the grade, the recommended and the resolved limit,
-- the credit check of a new order). Every figure is libclm's; the output
-- and the exit status are the C example's (0 allow, 1 warn, 2 block,
-- 3 usage, 4 a file does not load).
local clm = require("clm")

local USAGE = [[usage: credit_check.lua POLICY.xml HISTORY.xml [--as-of YYYY-MM-DD]
                       [--amount "X RUB"] [--orders "X RUB"] [--revenue "X RUB"]
                       [--statements S.xml] [--explain]
]]

local function parse_args(args)
  local opts, files, i = {}, {}, 1
  while i <= #args do
    local a = args[i]
    if a == "--explain" then
      opts.explain = true
    elseif (a == "--amount" or a == "--orders" or a == "--revenue" or a == "--statements"
            or a == "--as-of") and i < #args then
      opts[a] = args[i + 1]
      i = i + 1
    elseif a:sub(1, 1) ~= "-" and #files < 2 then
      files[#files + 1] = a
    else
      return nil
    end
    i = i + 1
  end
  if #files ~= 2 then return nil end
  return files, opts
end

-- An amount option in the policy's currency, >= 0; false when bad.
local function amount(opts, opt, currency)
  local text = opts[opt]
  if text == nil then return nil end
  local minor, cur = clm.money_minor(text)
  if not minor or cur ~= currency or minor < 0 then
    io.stderr:write(string.format("credit_check.lua: %s '%s': need a non-negative amount in %s\n",
                                  opt, text, currency))
    return false
  end
  return text
end

local function print_models(stm, explain)
  local bands = {}
  for i, m in ipairs(stm:score_builtins()) do
    if m.scored then
      local p = m.probability and string.format("  P %.4f", m.probability) or ""
      print(string.format("models   %-28s score %9.4f%s  band %s (%s)", m.model, m.score, p,
                          m.band, m.level))
      bands[#bands + 1] = m.level
      if explain then io.write(m.explanation, "inputs missing: none\n") end
    elseif not m.model then
      print(string.format("models   model %d cannot score: %s", i - 1, m.why or "?"))
    elseif #m.missing == 0 then
      print(string.format("models   %-28s cannot score: %s", m.model, m.why or "?"))
    else
      local lacks = {}
      for k, n in ipairs(m.missing) do
        lacks[#lacks + 1] = (k > 1 and "," or "") ..
          (n == clm.CREDIT_LINE_MVE and " the market value of equity" or (" line " .. n))
      end
      print(string.format("models   %-28s cannot score: the statements lack%s", m.model,
                          table.concat(lacks)))
    end
  end
  return bands
end

local function report(policy, hist, client, opts)
  local cur, explain = policy:info().currency, opts.explain
  local amt, orders, revenue =
    amount(opts, "--amount", cur), amount(opts, "--orders", cur), amount(opts, "--revenue", cur)
  if amt == false or orders == false or revenue == false then return 3 end
  local as_of = opts["--as-of"] or client.last_date
  if opts["--as-of"] then
    local ok, msg = clm.date_add_days(as_of, 0)
    if not ok then
      io.stderr:write(string.format("credit_check.lua: --as-of '%s': %s\n", as_of, msg))
      return 3
    end
  end
  local name = client.name and (' "' .. client.name .. '"') or ""
  print(string.format("client   %s%s, as of %s", client.id, name, as_of))
  local bands = {}
  if not opts["--statements"] then
    print("models   no statements given (--statements): not part of this grade")
  else
    local stm, msg = clm.credit_statements_load(opts["--statements"])
    if not stm then
      io.stderr:write("credit_check.lua: statements: ", msg, "\n")
      return 4
    end
    bands = print_models(stm, explain)
  end

  local s = assert(hist:standing(as_of))
  if s.paydex then
    print(string.format("payment  index %d (PAYDEX-style, %d experiences), %.1f days beyond "
                        .. "terms (amount-weighted)", s.paydex, s.experiences, s.days_beyond))
  else
    print(string.format("payment  index unavailable (%d experiences; 3 needed)", s.experiences))
  end
  if explain then
    for _, p in ipairs(assert(hist:positions(as_of))) do
      if p.experience then
        print(string.format("  %-12s due %s  paid %s  open %s  %.1f days -> index %.1f",
                            p.invoice, p.due, p.paid, p.open, p.days_beyond, p.paydex))
      end
    end
  end
  local d = assert(hist:dso(clm.date_add_days(as_of, -89), as_of))
  if d.dso then
    print(string.format("DSO      %.1f days (receivables %s / sales %s over %d days)", d.dso,
                        d.receivables, d.sales, d.days))
  else
    print(string.format("DSO      undefined (no sales in the last %d days)", d.days))
  end

  local ag = assert(hist:ageing(as_of, policy))
  local parts = {}
  for k, b in ipairs(ag.buckets) do
    if k == 1 then
      parts[#parts + 1] = string.format(" current %s (%d)", b.amount, b.invoices)
    elseif k == #ag.buckets then
      parts[#parts + 1] = string.format(" | over %d %s (%d)", b.from - 1, b.amount, b.invoices)
    else
      parts[#parts + 1] = string.format(" | %d-%d %s (%d)", b.from, b.to, b.amount, b.invoices)
    end
  end
  print("ageing  " .. table.concat(parts))
  print(string.format("         open %s, unapplied %s", ag.total, s.unapplied))
  if explain then
    for _, it in ipairs(assert(hist:due(as_of))) do
      print(string.format("  overdue %-12s %s since %s, %d days (manager %s)", it.invoice,
                          it.open, it.since, it.days, it.manager or "-"))
    end
  end
  if revenue then
    local r = hist:reserve(as_of, policy, revenue)
    if r then
      print(string.format("reserve  %s (art. 266: over 90 days %s in full, 45-90 days %s at "
                          .. "50 %%%s)", r.reserve, r.over_90, r.from_45,
                          r.capped and ", capped at 10 % of revenue" or ""))
    end
  end

  local g, msg = policy:grade{bands = bands, paydex = s.paydex, receivables = s.open,
                              overdue = s.overdue, tenure_days = s.tenure_days}
  if not g then
    io.stderr:write("credit_check.lua: grade: ", msg, "\n")
    return 4
  end
  print(string.format("grade    %s (score %.3f of 100)", g.grade, g.score / 1000))
  if explain then
    for _, part in ipairs(g.parts) do
      if part.present then
        print(string.format("  %-8s score %7.3f  weight %3d  contributes %7.3f", part.input,
                            part.score / 1000, part.weight, part.contribution))
      else
        print(string.format("  %-8s absent (its weight drops out)", part.input))
      end
    end
  end
  local rec
  rec, msg = policy:recommend_limit(g.grade, {net_worth = client.net_worth,
    working_capital = client.working_capital, monthly_sales = client.monthly_sales})
  if rec then
    print(string.format("limit    recommended %s (%s)", rec.amount, rec.basis))
    if explain then
      for _, t in ipairs(rec.terms) do
        if t.basis == "fixed" then
          print(string.format("  %-16s %s", "fixed", t.amount))
        else
          print(string.format("  %-16s %s of %s = %s", t.basis, t.rate, t.base, t.amount))
        end
      end
    end
  else
    print("limit    no recommendation: " .. msg)
  end
  local limit, source = policy:resolve_limit(client.limit, client.group)
  if not limit then
    print("limit    none in force: " .. source)
    return amt and 2 or 0
  end
  print(string.format("limit    in force %s (%s)", limit, source))
  if not amt then return 0 end
  local ck = assert(policy:check{receivables = s.open, orders = orders, document = amt,
                                 limit = limit, max_days_overdue = s.max_days_overdue})
  local notes = {["over the limit"] = " (over the limit)", ["near the limit"] = " (near the limit)",
                 overdue = string.format(" (debt %d days overdue)", s.max_days_overdue),
                 late = " (overdue debt)"}
  local why = {}
  for _, r in ipairs(ck.reasons) do why[#why + 1] = notes[r] end
  print(string.format("check    order %s: exposure %s, limit %s, headroom %s -> %s%s",
                      clm.money_format(amt), ck.exposure, ck.limit, ck.headroom, ck.decision,
                      table.concat(why)))
  if explain then
    print(string.format("  exposure = receivables %s + orders %s + this order %s",
                        ck.receivables, ck.orders, ck.document))
  end
  return ck.decision == "allow" and 0 or ck.decision == "warn" and 1 or 2
end

local function main(args)
  local files, opts = parse_args(args)
  if not files then
    io.stderr:write(USAGE)
    return 3
  end
  local policy, msg = clm.credit_policy_load(files[1])
  if not policy then
    io.stderr:write("credit_check.lua: policy: ", msg, "\n")
    return 4
  end
  local hist
  hist, msg = clm.credit_history_load(files[2])
  if not hist then
    io.stderr:write("credit_check.lua: history: ", msg, "\n")
    return 4
  end
  local client
  client, msg = hist:client()
  if not client then
    io.stderr:write("credit_check.lua: history: ", msg, "\n")
    return 4
  end
  local cur = policy:info().currency
  if client.currency ~= cur then
    io.stderr:write(string.format("credit_check.lua: the policy is in %s, the history in %s\n",
                                  cur, client.currency))
    return 4
  end
  return report(policy, hist, client, opts)
end

os.exit(main(arg))
