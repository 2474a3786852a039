-- claim_desk.lua claim RECEIVED DEMAND "PRICE" [SATISFIED]
--
-- The Lua twin of `claim-desk claim`: registers one consumer's claim and
-- prints its deadline by the consumer protection law on the Russian
-- production calendar and, given the day it was satisfied, the penalty.
-- Every figure is libclm's; the output is the C example's, line for line.
local clm = require("clm")

local function main(args)
  if (#args ~= 4 and #args ~= 5) or args[1] ~= "claim" then
    io.stderr:write('usage: claim_desk.lua claim RECEIVED DEMAND "PRICE" [SATISFIED]\n')
    return 2
  end
  local received, demand, price, satisfied = args[2], args[3], args[4], args[5]
  local ru = clm.calendar_ru()
  local st <close> = clm.store_memory()
  local who = {user = "ivanov", role = "manager", at = 0}
  local c, err = clm.claim_register(st, {
    client_id = "C-0001", manager = "ivanov", form = "written", channel = "email",
    received = received, subject = "quality_defect", demand = demand,
    price = price, claimed = price, regime = "ru-consumer"}, ru, who)
  if not c then
    io.stderr:write("claim_desk.lua: register: ", err, "\n")
    return 2
  end
  local due = assert(c:deadlines(ru, received)).resolution
  print(string.format("claim:     %s, %s of goods priced %s, received %s (%s)", c:number(), demand,
                      clm.money_format(price), received, clm.date_weekday_name(received)))
  print("regime:    RU consumer protection law (art. 20-22), calendar " .. ru:name())
  print(string.format("deadline:  %s (%s), until 24:00 (Civil Code art. 191-194)", due,
                      clm.date_weekday_name(due)))
  if satisfied then
    local p, perr = c:penalty(ru, satisfied)
    if not p then
      io.stderr:write("claim_desk.lua: penalty: ", perr, "\n")
      return 2
    end
    local late = p.days > 0 and string.format(" (%s .. %s)", p.first_day, p.last_day) or ""
    print(string.format("satisfied: %s: %d day(s) late%s", satisfied, p.days, late))
    print(string.format("penalty:   %s (1 %% of the price a day, consumer law art. 23; half-up)",
                        p.amount))
  end
  return 0
end

os.exit(main(arg))
