/*
 * text_fixture.h — sample files read whole and edited one field at a time,
 * for tests that feed a loader every valid and invalid variant of a sample.
 * Both functions fail the running cmocka test (fail_msg) instead of
 * returning an error; the caller frees the returned text with free().
 */
#ifndef CLM_TEST_TEXT_FIXTURE_H
#define CLM_TEST_TEXT_FIXTURE_H

/* The file at `relpath` under CLM_SOURCE_ROOT (set by meson test), NUL
 * terminated; at most 64 KiB - 1 bytes are read. */
char *fixture_slurp(const char *relpath);

/* `text` with the first occurrence of `from` replaced by `to`; `from` must
 * be there, so a stale table of edits fails rather than testing nothing. */
char *fixture_replace(const char *text, const char *from, const char *to);

#endif
