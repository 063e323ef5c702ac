/* SHA-256: NIST vectors and the accelerated (SHA-NI) path against the
 * portable one, over many lengths and chunkings. On CPUs without the SHA
 * extensions both runs use the portable code. */
#include <string.h>

#include "common/internal.h"
#include "fa_test.h"

static void digest(const void *data, size_t n, size_t chunk, char hex[65])
{
    const unsigned char *p = data;
    fa_sha256 s;

    fa_sha256_init(&s);
    while (n > 0) {
        size_t take = n < chunk ? n : chunk;
        fa_sha256_update(&s, p, take);
        p += take;
        n -= take;
    }
    fa_sha256_final_hex(&s, hex);
}

static void nist_vectors(void)
{
    static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char hex[65], *million = malloc(1000000);

    digest(two_blocks, strlen(two_blocks), 1000, hex);
    cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    cr_assert_not_null(million);
    memset(million, 'a', 1000000);
    digest(million, 1000000, 1000000, hex);
    cr_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    digest(million, 1000000, 777, hex);
    cr_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(million);
}

Test(common_sha256_paths, nist_vectors_accelerated)
{
    fa__sha256_use_accel(true);
    nist_vectors();
}

Test(common_sha256_paths, nist_vectors_portable)
{
    fa__sha256_use_accel(false);
    nist_vectors();
    fa__sha256_use_accel(true);
}

Test(common_sha256_paths, accelerated_equals_portable)
{
    static const size_t chunks[] = {1, 3, 63, 64, 65, 200, 4096};
    unsigned char buf[1000];
    size_t i, n, c;

    for (i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)((i * 2654435761u) >> 13);
    for (n = 0; n <= sizeof buf; n += (n < 200 ? 1 : 37))
        for (c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
            char a[65], b[65];

            fa__sha256_use_accel(true);
            digest(buf, n, chunks[c], a);
            fa__sha256_use_accel(false);
            digest(buf, n, chunks[c], b);
            fa__sha256_use_accel(true);
            cr_assert_str_eq(a, b, "length %zu, chunk %zu", n, chunks[c]);
        }
}
