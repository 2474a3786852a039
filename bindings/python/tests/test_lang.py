"""The language of libclm's texts through the clm package (clm/lang.h): per
thread, English by default, Russian on request, English where a text has
no translation."""

import threading
import unittest

import clm
from clm import Lang


class LangTest(unittest.TestCase):
    def setUp(self):
        clm.set_lang(Lang.EN)

    tearDown = setUp

    def test_default_is_english(self):
        self.assertIs(clm.get_lang(), Lang.EN)
        self.assertEqual(clm.strerror(clm.OutOfMemory.code), "out of memory")

    def test_names(self):
        self.assertEqual(Lang.RU.code, "ru")
        self.assertEqual(Lang.EN.code, "en")
        self.assertIs(clm.lang_from_name("ru_RU.UTF-8"), Lang.RU)
        self.assertIs(clm.lang_from_name("EN"), Lang.EN)
        with self.assertRaises(clm.NotFound):
            clm.lang_from_name("de")

    def test_russian_error_message_and_strerror(self):
        clm.set_lang("ru")
        self.assertIs(clm.get_lang(), Lang.RU)
        self.assertEqual(clm.strerror(clm.OutOfMemory.code), "не хватает памяти")
        with self.assertRaises(clm.ParseError) as cm:
            clm.Money.parse("12.345 RUB")
        self.assertEqual(cm.exception.message,
                         "сумма «12.345 RUB»: слишком много знаков после точки для RUB "
                         "(3, не более 2)")
        # the same in English
        clm.set_lang(Lang.EN)
        with self.assertRaises(clm.ParseError) as cm:
            clm.Money.parse("12.345 RUB")
        self.assertEqual(cm.exception.message,
                         "amount '12.345 RUB': too many decimals for RUB (3, at most 2)")

    def test_missing_translation_falls_back_to_english(self):
        text = "a text no catalogue translates"
        self.assertEqual(clm.lang_text(text, Lang.RU), text)
        self.assertEqual(clm.lang_text("out of memory (%s)", Lang.RU), "не хватает памяти (%s)")
        self.assertEqual(clm.lang_text("out of memory (%s)", Lang.EN), "out of memory (%s)")
        # the thread's language when none is given
        with clm.using_lang("ru"):
            self.assertEqual(clm.lang_text("out of memory (%s)"), "не хватает памяти (%s)")

    def test_a_bad_language_changes_nothing(self):
        clm.set_lang(Lang.RU)
        with self.assertRaises(clm.NotFound):
            clm.set_lang("de")
        with self.assertRaises(clm.InvalidArgument):
            clm.set_lang(7)
        with self.assertRaises(TypeError):
            clm.set_lang(1.0)
        self.assertIs(clm.get_lang(), Lang.RU)

    def test_using_lang_puts_the_previous_back(self):
        with clm.using_lang(Lang.RU) as lang:
            self.assertIs(lang, Lang.RU)
            self.assertEqual(clm.strerror(clm.NotFound.code), "не найдено")
        self.assertIs(clm.get_lang(), Lang.EN)
        with self.assertRaises(KeyError):
            with clm.using_lang("ru"):
                raise KeyError("out")
        self.assertIs(clm.get_lang(), Lang.EN)

    def test_per_thread(self):
        clm.set_lang(Lang.RU)
        seen = {}

        def other():
            seen["lang"] = clm.get_lang()
            seen["text"] = clm.strerror(clm.NotFound.code)
            clm.set_lang(Lang.EN)

        t = threading.Thread(target=other)
        t.start()
        t.join()
        self.assertIs(seen["lang"], Lang.EN)
        self.assertEqual(seen["text"], "not found")
        self.assertIs(clm.get_lang(), Lang.RU)


if __name__ == "__main__":
    unittest.main()
