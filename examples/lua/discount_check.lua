-- discount_check.lua [--explain] POLICY.xml ORDER.xml
--
-- The Lua twin of `discount-check` (without --prices and --role): prices an
-- order, says which rules gave each figure and who must approve it. Every
-- figure is libclm's; the output and the exit status are the C example's.
local clm = require("clm")

local WORDS = {["not-matched"] = "not matched", excluded = "excluded", applied = "applied",
               ["no-effect"] = "no effect", adjusted = "adjusted"}
local STAGE_BASE = 1

local function print_trace(entries, cur, explain)
  for _, t in ipairs(entries) do
    -- without --explain: what changed the amount (rules, caps, rounding)
    local changed = t.kind == "applied" or (t.kind == "adjusted" and t.amount_minor ~= 0
      and t.stage ~= STAGE_BASE and t.name ~= "total")
    if explain or changed then
      local amount = ""
      if t.amount_minor < 0 then
        amount = "+" .. clm.money_from_minor(-t.amount_minor, cur)
      elseif t.amount_minor > 0 then
        amount = "-" .. clm.money_from_minor(t.amount_minor, cur)
      end
      print(string.format("    %-11s %-18s %16s  %s", WORDS[t.kind], t.name or "", amount,
                          t.reason or ""))
    end
  end
end

local function quantity(q)
  if q % 1000 == 0 then return string.format("%d", q // 1000) end
  return string.format("%d.%03d", q // 1000, q % 1000)
end

local function main(args)
  local explain = args[1] == "--explain"
  local files = explain and {args[2], args[3]} or {args[1], args[2]}
  if not files[1] or not files[2] or #args > (explain and 3 or 2) then
    io.stderr:write("usage: discount_check.lua [--explain] POLICY.xml ORDER.xml\n")
    return 2
  end
  local policy, err = clm.discount_policy_load(files[1])
  if not policy then io.stderr:write("discount_check.lua: policy: ", err, "\n") return 2 end
  local order
  order, err = clm.discount_order_load(files[2])
  if not order then io.stderr:write("discount_check.lua: order: ", err, "\n") return 2 end
  local res
  res, err = policy:compile():price(order)
  if not res then io.stderr:write("discount_check.lua: ", err, "\n") return 2 end
  local info, doc = policy:info(), order:document()
  local cur = doc.currency
  print(string.format("policy   %s (%s, %s stacking, %s rounding)", info.name, info.currency,
                      info.stacking, info.rounding))
  print(string.format("order    %s of %s, client %s", order:id(), doc.date,
                      doc.client_id or "(unknown)"))
  for i, lr in ipairs(res.lines) do
    local l = doc.lines[i]
    print(string.format("\nline %d   %s x %s at %s", i, l.product, quantity(l.quantity),
                        lr.unit_price))
    print(string.format("  base %s  discount %s  net %s  (%s off)", lr.base, lr.discount, lr.net,
                        lr.rate))
    if lr.surcharge_minor ~= 0 or lr.capped_minor ~= 0 then
      print(string.format("  surcharge %s  given back by caps %s", lr.surcharge, lr.capped))
    end
    print_trace(lr.trace, cur, explain)
  end
  local t = res.totals
  print(string.format("\ntotal    base %s  discount %s  net %s  (%s off)", t.base, t.discount,
                      t.net, t.rate))
  if t.surcharge_minor ~= 0 or t.capped_minor ~= 0 then
    print(string.format("         surcharge %s  given back by caps %s", t.surcharge, t.capped))
  end
  print_trace(res.document_trace, cur, explain)
  local ep = t.early_payment
  if ep then
    print(string.format("terms    %s off (%s) if paid within %d days, net %d days; "
                        .. "not taking it costs %s a year", ep.rate, ep.amount, ep.days,
                        ep.net_days, ep.annual_cost))
  end
  local ladder, role = info.ladder, doc.role
  local acting = 1
  if role then
    acting = nil
    for k, r in ipairs(ladder) do if r == role then acting = k break end end
  end
  local acting_name = role or ladder[1] or "(none)"
  local why = res.why and (": " .. res.why) or ""
  if #ladder == 0 then
    print("approval none needed (the policy has no approval ladder)")
  elseif not t.approvable then
    print("approval REFUSED: no role of the ladder may approve it" .. why)
    return 3
  else
    print("approval " .. (res.approval or "(none)") .. why)
    if acting == nil or acting < t.approval_step then
      print(string.format("acting   %s: NOT sufficient, %s must approve", acting_name,
                          res.approval))
      return 1
    end
    print(string.format("acting   %s: sufficient", acting_name))
  end
  return 0
end

os.exit(main(arg))
