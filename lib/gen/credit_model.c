/*
 * credit_model.c — the data-generating process of the synthetic credit data.
 *
 * Every constant below is a documented parameter of model version
 * FA_CREDIT_GEN_MODEL_VERSION; docs/datasets/credit.md states the same
 * formulas. Changing any of them, or the order of the random draws, changes
 * the output bytes and must bump the model version.
 *
 * Randomness: row i uses its own xoshiro256** stream seeded from (seed, i)
 * (fa_rng_seed_stream), so a row never depends on the rows before it — the
 * output is identical however rows are split between threads or calls, and
 * any row can be generated alone. The draws are made in a fixed order and
 * never depend on bias: the same seed gives the same applicants at every
 * bias, and the bias only changes which of them are recorded as defaults.
 *
 * Fairness structure (the "truth" an audit should find):
 *  - sex, race and every financial feature are drawn independently of each
 *    other's protected part: financial features never look at sex, race or
 *    region. The unbiased default probability is a logistic function of the
 *    financial features only, so at bias 0 the label is independent of sex,
 *    race and region.
 *  - region is drawn from a race-specific distribution (the proxy).
 *  - bias b adds b * REGION_SHIFT * penalty(region) to the default log-odds
 *    (a region effect a race-blind model can learn), and then records a
 *    repaid outcome as a default with probability b * (race_flip + sex_flip).
 */
#include <math.h>
#include <string.h>

#include "common/internal.h"
#include "common/rng.h"
#include "gen/credit_model.h"

/* ---- population shares (percent; each table sums to 100) ---------------- */

#define PCT_TOTAL 100u

/* Share of female applicants, percent. */
#define FEMALE_PCT 48u

/* Race shares in the order of fa_credit_race: White, Black, Hispanic, Asian, Other. */
static const unsigned race_pct[FA_CREDIT_N_RACES] = {60, 13, 18, 6, 3};

/*
 * Region weights by race (percent of that race's applicants living in each
 * region). Regions fall in five bands:
 *   R01-R08  suburban, mostly White            penalty 0
 *   R09-R12  mixed urban                       penalty 0.25
 *   R13-R16  predominantly Black neighbourhoods penalty 1
 *   R17-R19  predominantly Hispanic            penalty 0.75
 *   R20      predominantly Asian               penalty 0
 */
static const unsigned region_pct[FA_CREDIT_N_RACES][FA_CREDIT_N_REGIONS] = {
    /* White */ {9, 9, 9, 9, 9, 9, 9, 9, 4, 4, 4, 4, 1, 1, 1, 1, 2, 2, 2, 2},
    /* Black */ {2, 2, 2, 2, 2, 2, 2, 2, 5, 5, 5, 5, 13, 13, 13, 13, 3, 3, 3, 3},
    /* Hispanic */ {2, 2, 2, 2, 2, 2, 2, 2, 5, 5, 5, 5, 3, 3, 3, 3, 15, 15, 15, 7},
    /* Asian */ {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 2, 2, 2, 2, 4, 4, 4, 20},
    /* Other */ {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5},
};

/* Region penalty in [0, 1] (bands above). */
static const double region_penalty[FA_CREDIT_N_REGIONS] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25, 1, 1, 1, 1, 0.75, 0.75, 0.75, 0};

/* ---- bias parameters ------------------------------------------------------ */

/* Log-odds added at bias 1 in a region with penalty 1. */
#define REGION_SHIFT 1.0
/* P(a repaid outcome is recorded as a default) at bias 1, by race and sex;
 * a row's flip probability is bias * (race_flip + sex_flip). */
static const double race_flip[FA_CREDIT_N_RACES] = {0.0, 0.20, 0.12, 0.0, 0.06};
static const double sex_flip[2] = {0.0, 0.06};

/* ---- feature distributions ------------------------------------------------ */

#define AGE_MEAN 41.0
#define AGE_SD   13.0
#define AGE_MIN  18.0
#define AGE_END  76.0 /* exclusive: ages 18..75 */

#define INCOME_LOG_BASE    10.65 /* log-income at age 40, no tenure */
#define INCOME_AGE_SLOPE   0.022 /* per year of age up to INCOME_AGE_CAP */
#define INCOME_AGE_CAP     55.0
#define INCOME_AGE_CENTER  40.0
#define INCOME_TENURE      0.012 /* per year of employment up to INCOME_TENURE_CAP */
#define INCOME_TENURE_CAP  25.0
#define INCOME_SD          0.45
#define INCOME_STRESS      0.12 /* latent financial stress lowers income */
#define INCOME_MIN         6000.0
#define INCOME_MAX         2000000.0

#define DTI_MEDIAN 0.30
#define DTI_SD     0.40
#define DTI_STRESS 0.22
#define DTI_MAX    1.5

#define UTIL_BASE   (-0.5)
#define UTIL_STRESS 0.9
#define UTIL_SD     0.9

#define DELINQ_RATE   0.22
#define DELINQ_STRESS 0.75
#define DELINQ_MAX    30

#define LOAN_RATIO  0.28 /* median loan / income */
#define LOAN_SD     0.45
#define LOAN_MIN    500.0
#define LOAN_MAX    1500000.0

#define EMP_LOC  (-0.2) /* employment years = (age - 18) * sigmoid(EMP_LOC + EMP_SD * N) */
#define EMP_SD   1.1
#define HIST_LOC 0.6    /* history years = (age - 17) * sigmoid(HIST_LOC + HIST_SD * N) */
#define HIST_SD  1.0

/* ---- the unbiased default model (log-odds) -------------------------------- */

#define LOGIT_INTERCEPT     (-2.15)
#define LOGIT_LOG_INCOME    (-0.85) /* per unit of ln(income) - LOG_INCOME_REF */
#define LOG_INCOME_REF      10.8
#define LOGIT_DTI           2.4     /* per unit of dti - DTI_REF */
#define DTI_REF             0.30
#define LOGIT_UTIL          1.7     /* per unit of utilization - UTIL_REF */
#define UTIL_REF            0.40
#define LOGIT_DELINQ        0.50    /* per delinquency */
#define LOGIT_HISTORY       (-0.045) /* per year of credit_history_years - HISTORY_REF */
#define HISTORY_REF         8.0
#define LOGIT_EMPLOYMENT    (-0.035) /* per year of employment_years - EMPLOYMENT_REF */
#define EMPLOYMENT_REF      5.0
#define LOGIT_LOAN_RATIO    0.40    /* per unit of ln(loan / (LOAN_RATIO * income)) */

static double sigmoid(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Rounds a non-negative value to a multiple of 10^-decimals, as an integer. */
static int64_t round_scaled(double x, double scale)
{
    return (int64_t)floor(x * scale + 0.5);
}

static unsigned pick_pct(fa_rng *r, const unsigned *pct, unsigned n)
{
    unsigned u = (unsigned)fa_rng_below(r, PCT_TOTAL), i, acc = 0;

    for (i = 0; i + 1 < n; i++) {
        acc += pct[i];
        if (u < acc)
            return i;
    }
    return n - 1;
}

/* The unbiased log-odds of default from the rounded financial features. */
static double true_logit(double income, double dti, double util, double delinq, double hist,
                         double emp, double loan)
{
    return LOGIT_INTERCEPT + LOGIT_LOG_INCOME * (log(income) - LOG_INCOME_REF) +
           LOGIT_DTI * (dti - DTI_REF) + LOGIT_UTIL * (util - UTIL_REF) + LOGIT_DELINQ * delinq +
           LOGIT_HISTORY * (hist - HISTORY_REF) + LOGIT_EMPLOYMENT * (emp - EMPLOYMENT_REF) +
           LOGIT_LOAN_RATIO * log(loan / (LOAN_RATIO * income));
}

void fa_credit__draw(uint64_t seed, double bias, uint64_t index, fa_credit_raw *out)
{
    fa_rng r;
    double age, years, z, ln_inc, income, dti, util, loan, hist, emp, eta, p_region, flip, u_label,
        u_flip;
    int64_t delinq;

    memset(out, 0, sizeof *out);
    fa_rng_seed_stream(&r, seed, index);

    /* 1-3: protected attributes and the proxy. */
    out->sex = fa_rng_below(&r, PCT_TOTAL) < FEMALE_PCT ? FA_CREDIT_SEX_FEMALE : FA_CREDIT_SEX_MALE;
    out->race = pick_pct(&r, race_pct, FA_CREDIT_N_RACES);
    out->region = 1u + pick_pct(&r, region_pct[out->race], FA_CREDIT_N_REGIONS);

    /* 4: age, truncated normal by rejection. */
    do {
        age = AGE_MEAN + AGE_SD * fa_rng_normal(&r);
    } while (age < AGE_MIN || age >= AGE_END);
    out->age = (int64_t)floor(age);
    years = (double)out->age - AGE_MIN;

    /* 5-6: tenure and credit history, bounded by the adult years. */
    out->emp_e1 = round_scaled(years * sigmoid(EMP_LOC + EMP_SD * fa_rng_normal(&r)), 10.0);
    out->hist_e1 = round_scaled((years + 1.0) * sigmoid(HIST_LOC + HIST_SD * fa_rng_normal(&r)), 10.0);
    emp = (double)out->emp_e1 / 10.0;
    hist = (double)out->hist_e1 / 10.0;

    /* 7: latent financial stress (never written; correlates the features). */
    z = fa_rng_normal(&r);

    /* 8-12: income, debt-to-income, utilisation, delinquencies, loan. */
    ln_inc = INCOME_LOG_BASE +
             INCOME_AGE_SLOPE * (fmin((double)out->age, INCOME_AGE_CAP) - INCOME_AGE_CENTER) +
             INCOME_TENURE * fmin(emp, INCOME_TENURE_CAP) + INCOME_SD * fa_rng_normal(&r) -
             INCOME_STRESS * z;
    out->income = round_scaled(clamp(exp(ln_inc), INCOME_MIN, INCOME_MAX), 1.0);
    out->dti_e4 = round_scaled(
        clamp(DTI_MEDIAN * exp(DTI_SD * fa_rng_normal(&r) + DTI_STRESS * z), 0.0, DTI_MAX), 1e4);
    out->util_e4 =
        round_scaled(sigmoid(UTIL_BASE + UTIL_STRESS * z + UTIL_SD * fa_rng_normal(&r)), 1e4);
    delinq = (int64_t)fa_rng_poisson(&r, DELINQ_RATE * exp(DELINQ_STRESS * z));
    out->delinq = delinq > DELINQ_MAX ? DELINQ_MAX : delinq;
    income = (double)out->income;
    out->loan = round_scaled(
        clamp(income * LOAN_RATIO * exp(LOAN_SD * fa_rng_normal(&r)), LOAN_MIN, LOAN_MAX), 1.0);

    /* 13-14: the two uniforms behind the label, always drawn. */
    u_label = fa_rng_uniform(&r);
    u_flip = fa_rng_uniform(&r);

    /* The truth, from the rounded values exactly as written to the file. */
    dti = (double)out->dti_e4 / 1e4;
    util = (double)out->util_e4 / 1e4;
    loan = (double)out->loan;
    eta = true_logit(income, dti, util, (double)out->delinq, hist, emp, loan);
    out->p_true = sigmoid(eta);
    out->true_label = u_label < out->p_true;

    /* The bias: region shift on the log-odds, then label flips. */
    p_region = sigmoid(eta + bias * REGION_SHIFT * region_penalty[out->region - 1u]);
    flip = bias * (race_flip[out->race] + sex_flip[out->sex]);
    out->label = u_label < p_region || u_flip < flip;
    out->p_rec = p_region + (1.0 - p_region) * flip;
}

void fa_credit__to_row(const fa_credit_raw *raw, uint64_t index, fa_credit_row *out)
{
    memset(out, 0, sizeof *out);
    out->id = index + 1u;
    out->income = (double)raw->income;
    out->debt_to_income = (double)raw->dti_e4 / 1e4;
    out->credit_history_years = (double)raw->hist_e1 / 10.0;
    out->delinquencies = (unsigned)raw->delinq;
    out->utilization = (double)raw->util_e4 / 1e4;
    out->loan_amount = (double)raw->loan;
    out->employment_years = (double)raw->emp_e1 / 10.0;
    out->age = (unsigned)raw->age;
    out->sex = (fa_credit_sex)raw->sex;
    out->race = (fa_credit_race)raw->race;
    out->region = raw->region;
    out->defaulted = raw->label;
    out->true_default = raw->true_label;
    out->true_default_prob = raw->p_true;
    out->recorded_default_prob = raw->p_rec;
}

/* ---- names and options ------------------------------------------------------ */

static const char *const sex_names[2] = {"Male", "Female"};
static const char *const race_names[FA_CREDIT_N_RACES] = {"White", "Black", "Hispanic", "Asian",
                                                          "Other"};
static const char *const region_names[FA_CREDIT_N_REGIONS] = {
    "R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08", "R09", "R10",
    "R11", "R12", "R13", "R14", "R15", "R16", "R17", "R18", "R19", "R20"};

const char *fa_credit_sex_name(fa_credit_sex sex)
{
    return (unsigned)sex < 2u ? sex_names[sex] : "?";
}

const char *fa_credit_race_name(fa_credit_race race)
{
    return (unsigned)race < FA_CREDIT_N_RACES ? race_names[race] : "?";
}

const char *fa_credit_region_name(unsigned region)
{
    return region >= 1u && region <= FA_CREDIT_N_REGIONS ? region_names[region - 1u] : "?";
}

void fa_credit_gen_options_init(fa_credit_gen_options *opts)
{
    const fa_credit_gen_options def = FA_CREDIT_GEN_OPTIONS_INIT;

    if (opts != NULL)
        *opts = def;
}

fa_status fa_credit_gen_options_check(const fa_credit_gen_options *opts, fa_error *err)
{
    if (opts == NULL)
        FA_FAIL(err, FA_EINVAL, "credit generator: options are NULL");
    if (opts->version != FA_CREDIT_GEN_OPTIONS_VERSION)
        FA_FAIL(err, FA_EINVAL, "credit generator: unknown options version %u (this build has %u)",
                opts->version, (unsigned)FA_CREDIT_GEN_OPTIONS_VERSION);
    if (opts->rows == 0)
        FA_FAIL(err, FA_EINVAL, "credit generator: rows must be at least 1");
    if (!(opts->bias >= 0.0 && opts->bias <= 1.0))
        FA_FAIL(err, FA_EINVAL, "credit generator: bias must be within [0, 1], got %g", opts->bias);
    return FA_OK;
}

fa_status fa_credit_gen_row(const fa_credit_gen_options *opts, uint64_t index, fa_credit_row *out,
                            fa_error *err)
{
    fa_credit_raw raw;

    FA_TRY(fa_credit_gen_options_check(opts, err));
    FA_CHECK_ARG(err, out != NULL);
    fa_credit__draw(opts->seed, opts->bias, index, &raw);
    fa_credit__to_row(&raw, index, out);
    return FA_OK;
}

fa_status fa_credit_gen_each(const fa_credit_gen_options *opts, fa_credit_row_fn fn, void *payload,
                             fa_error *err)
{
    uint64_t i;

    FA_TRY(fa_credit_gen_options_check(opts, err));
    FA_CHECK_ARG(err, fn != NULL);
    for (i = 0; i < opts->rows; i++) {
        fa_credit_raw raw;
        fa_credit_row row;
        fa_status rc;

        fa_credit__draw(opts->seed, opts->bias, i, &raw);
        fa_credit__to_row(&raw, i, &row);
        rc = fn(&row, payload);
        if (rc != FA_OK)
            return rc;
    }
    return FA_OK;
}
