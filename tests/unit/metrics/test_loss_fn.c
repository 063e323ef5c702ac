/* The per-row log-loss (metrics/accum_impl.h, fa_acc__loss): within 2 ulp of libm's
 * -log(p) and -log1p(-p) over the whole clipped range, and exactly the clipping rule. */
#include <math.h>
#include <string.h>

#include "common/rng.h"
#include "fa_test.h"
#include "metrics/accum_impl.h"

#define MAX_ULP 2

static int64_t ulps(double a, double b)
{
    int64_t x, y;

    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return x > y ? x - y : y - x;
}

static void check(double p)
{
    double q = p < FA_LOGLOSS_EPS ? FA_LOGLOSS_EPS : p > 1.0 - FA_LOGLOSS_EPS ? 1.0 - FA_LOGLOSS_EPS : p;
    double l1 = fa_acc__loss(p, 1), l0 = fa_acc__loss(p, 0);
    double r1 = -log(q), r0 = -log1p(-q);

    cr_assert(ulps(l1, r1) <= MAX_ULP, "label 1, p = %.17g: %.17g vs libm %.17g", p, l1, r1);
    cr_assert(ulps(l0, r0) <= MAX_ULP || fabs(l0 - r0) <= 1e-300,
              "label 0, p = %.17g: %.17g vs libm %.17g", p, l0, r0);
}

Test(loss_fn, within_two_ulp_of_libm)
{
    fa_rng r;
    int i;

    fa_rng_seed(&r, 3);
    for (i = 0; i < 200000; i++) {
        check(fa_rng_uniform(&r));                                   /* uniform */
        check(ldexp(1.0 + fa_rng_uniform(&r), -(int)fa_rng_below(&r, 54)));   /* small */
        check(1.0 - ldexp(1.0 + fa_rng_uniform(&r), -(int)fa_rng_below(&r, 54))); /* near 1 */
    }
    /* edges: the clipping, 0.5, sqrt(2)/2 on both sides */
    check(0.0);
    check(1.0);
    check(FA_LOGLOSS_EPS);
    check(1.0 - FA_LOGLOSS_EPS);
    check(0.5);
    check(nextafter(0.5, 0.0));
    check(1.0 - 0.70710678118654752);
    check(0.70710678118654752);
    check(0.29289321881345248);
    cr_assert_eq(fa_acc__loss(-1.0, 1), fa_acc__loss(0.0, 1));
    cr_assert_eq(fa_acc__loss(2.0, 0), fa_acc__loss(1.0, 0));
}
