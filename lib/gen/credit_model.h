/*
 * credit_model.h — the data-generating process of the synthetic credit data
 * (private to lib/gen; the public view is include/fairaudit/gen.h).
 *
 * A row is first drawn in "raw" form: every rounded numeric value as a scaled
 * integer (0.3512 -> 3512), which the CSV writer prints without printf and
 * the public fa_credit_row exposes as the exact double of the same decimal.
 */
#ifndef FA_LIB_GEN_CREDIT_MODEL_H
#define FA_LIB_GEN_CREDIT_MODEL_H

#include <stdint.h>

#include "fairaudit/gen.h"

/* Decimal places of each rounded column (docs/datasets/credit.md). */
#define FA_CREDIT_DTI_DECIMALS   4u
#define FA_CREDIT_UTIL_DECIMALS  4u
#define FA_CREDIT_YEARS_DECIMALS 1u
#define FA_CREDIT_PROB_DECIMALS  6u /* true_default_prob (research column) */

typedef struct fa_credit_raw {
    int64_t income;  /* whole units */
    int64_t dti_e4;  /* debt_to_income * 10^4 */
    int64_t hist_e1; /* credit_history_years * 10 */
    int64_t delinq;
    int64_t util_e4; /* utilization * 10^4 */
    int64_t loan;    /* whole units */
    int64_t emp_e1;  /* employment_years * 10 */
    int64_t age;
    unsigned sex;    /* fa_credit_sex */
    unsigned race;   /* fa_credit_race */
    unsigned region; /* 1..FA_CREDIT_N_REGIONS */
    int label;       /* recorded default */
    int true_label;  /* default at bias 0 with the same draws */
    double p_true;   /* unbiased default probability */
    double p_rec;    /* probability of a recorded default under the bias */
} fa_credit_raw;

/* Draws row @p index for (seed, bias). Pure: depends on nothing else. The
 * random draws do not depend on bias, so for one seed every feature is the
 * same at every bias and labels only turn from 0 to 1 as bias grows. */
void fa_credit__draw(uint64_t seed, double bias, uint64_t index, fa_credit_raw *out);

/* The public view of a raw row (id = index + 1). */
void fa_credit__to_row(const fa_credit_raw *raw, uint64_t index, fa_credit_row *out);

#endif
