/*
 * Text checks (lib/common/utf8.c) and the JSON writer's handling of bytes that
 * are not UTF-8 (lib/common/jsonw.c): RFC 3629 well-formedness, NUL bytes,
 * U+FFFD replacement in JSON output.
 */
#include <string.h>

#include "common/internal.h"
#include "common/jsonw.h"
#include "fa_test.h"

static fa_text_problem check(const char *s, size_t n, size_t *at)
{
    *at = (size_t)-1;
    return fa_text_check(s, n, at);
}

Test(common_utf8, well_formed_text_passes)
{
    static const char *ok[] = {"",
                               "plain ASCII",
                               "caf\xc3\xa9",
                               "\xe6\x97\xa5\xe6\x9c\xac",
                               "\xf0\x9f\x98\x80",
                               "\xef\xbf\xbd",
                               "\xf4\x8f\xbf\xbf",
                               "\xed\x9f\xbf",
                               "\xee\x80\x80"};
    size_t i, at;

    for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
        cr_assert_eq(check(ok[i], strlen(ok[i]), &at), FA_TEXT_OK, "case %zu", i);
}

Test(common_utf8, malformed_text_is_located)
{
    static const struct {
        const char *s;
        size_t at;
    } bad[] = {
        {"caf\xe9", 3},          /* Latin-1 */
        {"a\x80", 1},            /* stray continuation byte */
        {"\xc0\xaf", 0},         /* overlong '/' */
        {"\xc1\xbf", 0},         /* overlong */
        {"\xe0\x80\xaf", 0},     /* overlong 3-byte */
        {"\xf0\x80\x80\xaf", 0}, /* overlong 4-byte */
        {"\xed\xa0\x80", 0},     /* surrogate U+D800 */
        {"\xed\xbf\xbf", 0},     /* surrogate U+DFFF */
        {"\xf4\x90\x80\x80", 0}, /* U+110000 */
        {"\xf5\x80\x80\x80", 0}, /* lead byte beyond U+10FFFF */
        {"ok\xe2\x82", 2},       /* truncated at the end */
        {"\xe2\x28\xa1", 0},     /* bad continuation */
        {"\xff", 0},
    };
    size_t i, at;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(check(bad[i].s, strlen(bad[i].s), &at), FA_TEXT_BAD_UTF8, "case %zu", i);
        cr_assert_eq(at, bad[i].at, "case %zu: at %zu", i, at);
    }
    cr_assert_eq(check("ab\0c", 4, &at), FA_TEXT_NUL);
    cr_assert_eq(at, 2);
}

Test(common_utf8, describe_names_the_byte)
{
    char why[160];

    fa_text_describe(why, sizeof why, FA_TEXT_BAD_UTF8, "caf\xe9", 3);
    cr_assert(strstr(why, "byte 0xE9, byte 4 of the value") != NULL, "%s", why);
    fa_text_describe(why, sizeof why, FA_TEXT_NUL, "a\0", 1);
    cr_assert(strstr(why, "NUL byte (byte 2") != NULL, "%s", why);
}

Test(common_utf8, json_output_is_always_utf8)
{
    fa_buf b = FA_BUF_INIT;

    fa_json_escape(&b, "caf\xc3\xa9|\xff|\xed\xa0\x80|a\0b", 15);
    cr_assert_str_eq(b.ptr, "\"caf\xc3\xa9|\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|a"
                            "\\u0000b\"");
    cr_assert_eq(fa_text_check(b.ptr, b.len, NULL), FA_TEXT_OK);
    fa_buf_dispose(&b);
    FA_ASSERT_NO_LEAKS();
}
