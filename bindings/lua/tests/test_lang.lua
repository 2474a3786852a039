-- The language of libclm's texts from Lua (clm/lang.h): English by
-- default, Russian after clm.lang_set("ru") for this thread, English where
-- a text has no translation.
local clm = require("clm")
local h = dofile((arg[0]:match("(.*/)") or "./") .. "harness.lua")
local test, eq = h.test, h.eq

test("English by default", function()
  eq(clm.lang_get(), "en", "default")
  eq(clm.strerror(clm.errors.ENOMEM), "out of memory", "strerror")
  local _, msg = clm.money_minor("12.345 RUB")
  eq(msg, "amount '12.345 RUB': too many decimals for RUB (3, at most 2)", "error")
end)

test("Russian error messages and strerror", function()
  assert(clm.lang_set("ru"))
  eq(clm.lang_get(), "ru", "chosen")
  eq(clm.strerror(clm.errors.ENOMEM), "не хватает памяти", "strerror")
  eq(clm.strerror(clm.errors.ENOTFOUND), "не найдено", "strerror")
  local v, msg, code = clm.money_minor("12.345 RUB")
  eq(v, nil, "value")
  eq(code, clm.errors.EPARSE, "code")
  eq(msg, "сумма «12.345 RUB»: слишком много знаков после точки для RUB (3, не более 2)", "error")
  assert(clm.lang_set("en_GB.UTF-8"))
  eq(clm.lang_get(), "en", "back, by a locale name")
end)

test("a text with no translation stays English", function()
  local text = "a text no catalogue translates"
  eq(clm.lang_text(text, "ru"), text, "fallback")
  eq(clm.lang_text("out of memory (%s)", "ru"), "не хватает памяти (%s)", "translated")
  eq(clm.lang_text("out of memory (%s)", "en"), "out of memory (%s)", "English")
  eq(clm.lang_text("out of memory (%s)"), "out of memory (%s)", "the thread's language")
end)

test("a language libclm does not write changes nothing", function()
  assert(clm.lang_set("ru"))
  local ok, msg, code = clm.lang_set("de")
  eq(ok, nil, "refused")
  eq(code, clm.errors.ENOTFOUND, "code")
  eq(msg, "язык «de» не входит в языки libclm (en, ru)", "message in the thread's language")
  eq(clm.lang_get(), "ru", "unchanged")
  local _, _, c2 = clm.lang_text("x", "xx")
  eq(c2, clm.errors.ENOTFOUND, "lang_text's language")
  assert(clm.lang_set("en"))
end)

h.done()
