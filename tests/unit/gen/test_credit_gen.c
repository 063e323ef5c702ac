/* Unit tests for the credit generator: determinism, layout, ranges, API contracts. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/internal.h"
#include "fa_test.h"
#include "fairaudit/gen.h"

#define N_COLUMNS       13
#define N_COLUMNS_TRUTH 15
#define RANGE_ROWS      20000u

static const char *const expected_header =
    "id,income,debt_to_income,credit_history_years,delinquencies,utilization,loan_amount,"
    "employment_years,age,sex,race,region,default";

static char *gen_buffer(uint64_t rows, uint64_t seed, double bias, int truth, size_t *len)
{
    fa_credit_gen_options o = FA_CREDIT_GEN_OPTIONS_INIT;
    fa_error err;
    char *data = NULL;

    o.rows = rows;
    o.seed = seed;
    o.bias = bias;
    o.truth = truth;
    FA_ASSERT_OK(fa_credit_gen_to_buffer(&o, &data, len, &err));
    cr_assert_not_null(data);
    return data;
}

static size_t count_char(const char *s, size_t n, char c)
{
    size_t i, k = 0;

    for (i = 0; i < n; i++)
        k += s[i] == c;
    return k;
}

Test(gen_credit, options_init_matches_macro)
{
    fa_credit_gen_options a = FA_CREDIT_GEN_OPTIONS_INIT, b;

    memset(&b, 0xff, sizeof b);
    fa_credit_gen_options_init(&b);
    cr_assert_eq(a.version, b.version);
    cr_assert_eq(a.rows, b.rows);
    cr_assert_eq(a.seed, b.seed);
    cr_assert(a.bias == b.bias);
    cr_assert_eq(a.truth, b.truth);
    cr_assert_null(b.log);
    cr_assert_eq(b.rows, FA_CREDIT_DEFAULT_ROWS);
}

Test(gen_credit, invalid_options_are_rejected_with_a_reason)
{
    fa_credit_gen_options o = FA_CREDIT_GEN_OPTIONS_INIT;
    fa_error err;
    char *data = (char *)1;
    const double bad_bias[] = {-0.01, 1.0001, fa_nan(), (double)INFINITY};
    size_t i;

    cr_assert_eq(fa_credit_gen_options_check(NULL, &err), FA_EINVAL);
    o.rows = 0;
    cr_assert_eq(fa_credit_gen_options_check(&o, &err), FA_EINVAL);
    cr_assert(strstr(err.message, "rows") != NULL, "%s", err.message);
    cr_assert_eq(fa_credit_gen_to_buffer(&o, &data, NULL, &err), FA_EINVAL);
    cr_assert_null(data);
    o.rows = 10;
    for (i = 0; i < sizeof bad_bias / sizeof bad_bias[0]; i++) {
        o.bias = bad_bias[i];
        cr_assert_eq(fa_credit_gen_options_check(&o, &err), FA_EINVAL);
        cr_assert(strstr(err.message, "bias") != NULL, "%s", err.message);
    }
    o.bias = 1.0;
    FA_ASSERT_OK(fa_credit_gen_options_check(&o, &err));
    o.bias = 0.0;
    FA_ASSERT_OK(fa_credit_gen_options_check(&o, &err));
    o.version = 99;
    cr_assert_eq(fa_credit_gen_options_check(&o, &err), FA_EINVAL);
    cr_assert_eq(fa_credit_gen_write(&o, "unused.csv", &err), FA_EINVAL);
    cr_assert_eq(access("unused.csv", F_OK), -1);
}

Test(gen_credit, same_seed_gives_same_bytes_and_other_seeds_differ)
{
    size_t la, lb, lc, ld;
    char *a = gen_buffer(3000, 17, 0.3, 0, &la);
    char *b = gen_buffer(3000, 17, 0.3, 0, &lb);
    char *c = gen_buffer(3000, 18, 0.3, 0, &lc);
    char *d = gen_buffer(3000, 17, 0.8, 0, &ld);

    cr_assert_eq(la, lb);
    cr_assert(memcmp(a, b, la) == 0, "same options gave different bytes");
    cr_assert(la != lc || memcmp(a, c, la) != 0, "different seeds gave identical files");
    cr_assert(la != ld || memcmp(a, d, la) != 0, "different bias gave identical files");
    fa_credit_gen_free_buffer(a);
    fa_credit_gen_free_buffer(b);
    fa_credit_gen_free_buffer(c);
    fa_credit_gen_free_buffer(d);
    FA_ASSERT_NO_LEAKS();
}

Test(gen_credit, a_prefix_of_rows_is_the_same_whatever_the_row_count)
{
    size_t ls, ll;
    char *small = gen_buffer(100, 5, 0.5, 1, &ls);
    char *large = gen_buffer(5000, 5, 0.5, 1, &ll);

    cr_assert(ll > ls);
    cr_assert(memcmp(small, large, ls) == 0, "row i must depend only on (seed, i)");
    fa_credit_gen_free_buffer(small);
    fa_credit_gen_free_buffer(large);
}

Test(gen_credit, header_and_row_count)
{
    size_t len;
    char *data = gen_buffer(1234, 1, 0.0, 0, &len);
    char *truth;
    size_t tlen;

    cr_assert(strncmp(data, expected_header, strlen(expected_header)) == 0);
    cr_assert_eq(data[strlen(expected_header)], '\n');
    cr_assert_eq(count_char(data, len, '\n'), 1235u);
    cr_assert_eq(data[len - 1], '\n');
    cr_assert_eq(count_char(data, len, ','), 1235u * (N_COLUMNS - 1));
    cr_assert_eq(strlen(data), len, "no NUL inside the text");
    truth = gen_buffer(1234, 1, 0.0, 1, &tlen);
    cr_assert(strncmp(truth, expected_header, strlen(expected_header)) == 0);
    cr_assert(strncmp(truth + strlen(expected_header), ",true_default_prob,true_default\n", 32) == 0);
    cr_assert_eq(count_char(truth, tlen, ','), 1235u * (N_COLUMNS_TRUTH - 1));
    fa_credit_gen_free_buffer(data);
    fa_credit_gen_free_buffer(truth);
}

/* Splits one CSV line (no quoting in this data) into fields in place. */
static size_t split_line(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;

    fields[n++] = p;
    for (; *p != '\0' && *p != '\n'; p++) {
        if (*p == ',') {
            *p = '\0';
            cr_assert(n < max);
            fields[n++] = p + 1;
        }
    }
    *p = '\0';
    return n;
}

static double parse_num(const char *s)
{
    double v;

    cr_assert(fa_parse_double(s, strlen(s), &v), "not a number: '%s'", s);
    return v;
}

static int count_decimals(const char *s)
{
    const char *dot = strchr(s, '.');

    return dot == NULL ? 0 : (int)strlen(dot + 1);
}

/* Every text field reads back to exactly the value fa_credit_gen_row returns. */
Test(gen_credit, csv_text_matches_rows_exactly)
{
    fa_credit_gen_options o = FA_CREDIT_GEN_OPTIONS_INIT;
    fa_error err;
    size_t len;
    uint64_t i;
    char *data, *line;

    o.rows = 2000;
    o.seed = 99;
    o.bias = 0.7;
    o.truth = 1;
    FA_ASSERT_OK(fa_credit_gen_to_buffer(&o, &data, &len, &err));
    line = strchr(data, '\n') + 1;
    for (i = 0; i < o.rows; i++) {
        char *f[N_COLUMNS_TRUTH + 1];
        char *next = strchr(line, '\n') + 1;
        fa_credit_row r;

        cr_assert_eq(split_line(line, f, N_COLUMNS_TRUTH + 1), (size_t)N_COLUMNS_TRUTH);
        FA_ASSERT_OK(fa_credit_gen_row(&o, i, &r, &err));
        cr_assert(parse_num(f[0]) == (double)r.id);
        cr_assert(parse_num(f[1]) == r.income);
        cr_assert(parse_num(f[2]) == r.debt_to_income);
        cr_assert(parse_num(f[3]) == r.credit_history_years);
        cr_assert(parse_num(f[4]) == (double)r.delinquencies);
        cr_assert(parse_num(f[5]) == r.utilization);
        cr_assert(parse_num(f[6]) == r.loan_amount);
        cr_assert(parse_num(f[7]) == r.employment_years);
        cr_assert(parse_num(f[8]) == (double)r.age);
        cr_assert_str_eq(f[9], fa_credit_sex_name(r.sex));
        cr_assert_str_eq(f[10], fa_credit_race_name(r.race));
        cr_assert_str_eq(f[11], fa_credit_region_name(r.region));
        cr_assert_str_eq(f[12], r.defaulted ? "1" : "0");
        FA_ASSERT_NEAR(parse_num(f[13]), r.true_default_prob, 0.5e-6 + FA_TOL_EXACT);
        cr_assert_str_eq(f[14], r.true_default ? "1" : "0");
        /* Rounding as documented: money whole, rates 4 decimals, years 1. */
        cr_assert_eq(count_decimals(f[1]), 0);
        cr_assert_eq(count_decimals(f[2]), 4);
        cr_assert_eq(count_decimals(f[3]), 1);
        cr_assert_eq(count_decimals(f[5]), 4);
        cr_assert_eq(count_decimals(f[6]), 0);
        cr_assert_eq(count_decimals(f[7]), 1);
        cr_assert_eq(count_decimals(f[13]), 6);
        line = next;
    }
    cr_assert_eq(*line, '\0');
    fa_credit_gen_free_buffer(data);
    FA_ASSERT_NO_LEAKS();
}

typedef struct range_state {
    uint64_t n;
    unsigned race_seen[FA_CREDIT_N_RACES];
    unsigned sex_seen[2];
    unsigned region_seen[FA_CREDIT_N_REGIONS + 1];
    unsigned defaults;
} range_state;

static fa_status check_ranges(const fa_credit_row *r, void *payload)
{
    range_state *s = payload;

    cr_assert_eq(r->id, s->n + 1);
    cr_assert(r->income >= 6000.0 && r->income <= 2000000.0, "income %g", r->income);
    cr_assert(r->debt_to_income >= 0.0 && r->debt_to_income <= 1.5);
    cr_assert(r->utilization >= 0.0 && r->utilization <= 1.0);
    cr_assert(r->loan_amount >= 500.0 && r->loan_amount <= 1500000.0);
    cr_assert(r->age >= 18 && r->age <= 75, "age %u", r->age);
    cr_assert(r->employment_years >= 0.0 && r->employment_years <= (double)r->age - 18.0 + 0.05);
    cr_assert(r->credit_history_years >= 0.0 &&
              r->credit_history_years <= (double)r->age - 17.0 + 0.05);
    cr_assert(r->delinquencies <= 30);
    cr_assert((unsigned)r->race < FA_CREDIT_N_RACES);
    cr_assert((unsigned)r->sex < 2);
    cr_assert(r->region >= 1 && r->region <= FA_CREDIT_N_REGIONS);
    cr_assert(r->defaulted == 0 || r->defaulted == 1);
    cr_assert(r->true_default_prob > 0.0 && r->true_default_prob < 1.0);
    cr_assert(r->recorded_default_prob >= r->true_default_prob - FA_TOL_EXACT);
    cr_assert(r->recorded_default_prob <= 1.0);
    s->race_seen[r->race]++;
    s->sex_seen[r->sex]++;
    s->region_seen[r->region]++;
    s->defaults += (unsigned)r->defaulted;
    s->n++;
    return FA_OK;
}

Test(gen_credit, values_stay_in_their_documented_ranges)
{
    fa_credit_gen_options o = FA_CREDIT_GEN_OPTIONS_INIT;
    fa_error err;
    range_state s;
    unsigned k;

    memset(&s, 0, sizeof s);
    o.rows = RANGE_ROWS;
    o.seed = 2024;
    o.bias = 1.0;
    FA_ASSERT_OK(fa_credit_gen_each(&o, check_ranges, &s, &err));
    cr_assert_eq(s.n, RANGE_ROWS);
    for (k = 0; k < FA_CREDIT_N_RACES; k++)
        cr_assert(s.race_seen[k] > 0, "race %u never drawn", k);
    for (k = 1; k <= FA_CREDIT_N_REGIONS; k++)
        cr_assert(s.region_seen[k] > 0, "region %u never drawn", k);
    cr_assert(s.sex_seen[0] > 0 && s.sex_seen[1] > 0);
    cr_assert(s.defaults > 0 && s.defaults < RANGE_ROWS);
}

static fa_status stop_at_ten(const fa_credit_row *r, void *payload)
{
    (void)payload;
    return r->id == 10 ? FA_EDATA : FA_OK;
}

Test(gen_credit, callback_status_stops_generation)
{
    fa_credit_gen_options o = FA_CREDIT_GEN_OPTIONS_INIT;
    fa_error err;

    cr_assert_eq(fa_credit_gen_each(&o, stop_at_ten, NULL, &err), FA_EDATA);
    cr_assert_eq(fa_credit_gen_each(&o, NULL, NULL, &err), FA_EINVAL);
}

Test(gen_credit, names_cover_every_value_and_reject_others)
{
    cr_assert_str_eq(fa_credit_sex_name(FA_CREDIT_SEX_MALE), "Male");
    cr_assert_str_eq(fa_credit_sex_name(FA_CREDIT_SEX_FEMALE), "Female");
    cr_assert_str_eq(fa_credit_sex_name((fa_credit_sex)7), "?");
    cr_assert_str_eq(fa_credit_race_name(FA_CREDIT_RACE_WHITE), "White");
    cr_assert_str_eq(fa_credit_race_name(FA_CREDIT_RACE_BLACK), "Black");
    cr_assert_str_eq(fa_credit_race_name(FA_CREDIT_RACE_HISPANIC), "Hispanic");
    cr_assert_str_eq(fa_credit_race_name(FA_CREDIT_RACE_ASIAN), "Asian");
    cr_assert_str_eq(fa_credit_race_name(FA_CREDIT_RACE_OTHER), "Other");
    cr_assert_str_eq(fa_credit_race_name((fa_credit_race)5), "?");
    cr_assert_str_eq(fa_credit_region_name(1), "R01");
    cr_assert_str_eq(fa_credit_region_name(20), "R20");
    cr_assert_str_eq(fa_credit_region_name(0), "?");
    cr_assert_str_eq(fa_credit_region_name(21), "?");
}

static char *temp_dir(void)
{
    static char tmpl[256];

    snprintf(tmpl, sizeof tmpl, "%s/fa_gen_XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    cr_assert_not_null(mkdtemp(tmpl));
    return tmpl;
}

static char *slurp(const char *path, size_t *len)
{
    fa_error err;
    char *data = NULL;

    FA_ASSERT_OK(fa_read_file(path, &data, len, &err));
    return data;
}

Test(gen_credit, file_output_equals_buffer_output_and_leaves_no_temp_files)
{
    fa_credit_gen_options o = FA_CREDIT_GEN_OPTIONS_INIT;
    fa_error err;
    char path[512], *file, *mem;
    size_t lf, lm;
    const char *dir = temp_dir();

    o.rows = 5000;
    o.seed = 3;
    o.bias = 0.25;
    snprintf(path, sizeof path, "%s/credit.csv", dir);
    FA_ASSERT_OK(fa_credit_gen_write(&o, path, &err));
    file = slurp(path, &lf);
    mem = gen_buffer(5000, 3, 0.25, 0, &lm);
    cr_assert_eq(lf, lm);
    cr_assert(memcmp(file, mem, lf) == 0);
    fa_free(file);
    fa_credit_gen_free_buffer(mem);
    cr_assert_eq(remove(path), 0);
    cr_assert_eq(rmdir(dir), 0, "temporary files left behind in %s", dir);
    FA_ASSERT_NO_LEAKS();
}

Test(gen_credit, unwritable_destination_is_an_io_error)
{
    fa_credit_gen_options o = FA_CREDIT_GEN_OPTIONS_INIT;
    fa_error err;

    cr_assert_eq(fa_credit_gen_write(&o, "/nonexistent-dir/x/credit.csv", &err), FA_EIO);
    cr_assert(strstr(err.message, "credit.csv") != NULL, "%s", err.message);
    cr_assert_eq(fa_credit_gen_write(&o, "", &err), FA_EINVAL);
}

/* Failing any allocation gives FA_ENOMEM, keeps a previous file intact and
 * leaves no temporary file (ASan checks for leaks). */
Test(gen_credit, allocation_failures_are_clean)
{
    fa_credit_gen_options o = FA_CREDIT_GEN_OPTIONS_INIT;
    fa_error err;
    char path[512];
    const char *dir = temp_dir();
    long n, total;
    size_t len;
    char *data;

    o.rows = 3000; /* > 1 chunk would need 20k rows; buffer growth still reallocates */
    snprintf(path, sizeof path, "%s/credit.csv", dir);
    FA_ASSERT_OK(fa_write_file_atomic(path, "previous\n", 9, &err));

    fa__alloc_fail_after(0);
    FA_ASSERT_OK(fa_credit_gen_write(&o, path, &err));
    total = fa__alloc_fail_after(0);
    cr_assert(total >= 2);
    FA_ASSERT_OK(fa_write_file_atomic(path, "previous\n", 9, &err));
    for (n = 1; n <= total; n++) {
        fa__alloc_fail_after(n);
        cr_assert_eq(fa_credit_gen_write(&o, path, &err), FA_ENOMEM, "n=%ld", n);
        fa__alloc_fail_after(0);
        data = slurp(path, &len);
        cr_assert_str_eq(data, "previous\n");
        fa_free(data);
    }

    fa__alloc_fail_after(0);
    FA_ASSERT_OK(fa_credit_gen_to_buffer(&o, &data, &len, &err));
    total = fa__alloc_fail_after(0);
    fa_credit_gen_free_buffer(data);
    for (n = 1; n <= total; n++) {
        data = (char *)1;
        fa__alloc_fail_after(n);
        cr_assert_eq(fa_credit_gen_to_buffer(&o, &data, &len, &err), FA_ENOMEM, "n=%ld", n);
        fa__alloc_fail_after(0);
        cr_assert_null(data);
    }
    cr_assert_eq(remove(path), 0);
    cr_assert_eq(rmdir(dir), 0, "temporary files left behind in %s", dir);
    FA_ASSERT_NO_LEAKS();
}

/*
 * Golden fingerprint of model version 1. The output of a seed is part of the
 * contract (tutorials, CI baselines and published numbers refer to it). If a
 * deliberate change to the model alters it, bump FA_CREDIT_GEN_MODEL_VERSION,
 * re-measure the base rates in docs/datasets/credit.md and update these.
 */
Test(gen_credit, output_of_model_version_1_is_frozen)
{
    static const struct {
        int truth;
        const char *sha256;
    } golden[] = {
        {0, "e1f7da433e557974fba36d19c26dd97502213fb679e26df1ba34b714d88a73bf"},
        {1, "33bea6bbdf3b67bb4a2158e5ab1f3c0db4cb9fb0e172d877c7331eaf6d916f30"},
    };
    size_t i;

    cr_assert_eq(FA_CREDIT_GEN_MODEL_VERSION, 1u);
    for (i = 0; i < 2; i++) {
        size_t len;
        char *data = gen_buffer(1000, 42, 0.5, golden[i].truth, &len);
        fa_sha256 s;
        char hex[65];

        fa_sha256_init(&s);
        fa_sha256_update(&s, data, len);
        fa_sha256_final_hex(&s, hex);
        cr_assert_str_eq(hex, golden[i].sha256, "truth=%d", golden[i].truth);
        fa_credit_gen_free_buffer(data);
    }
}

static size_t column(const fa_spec *spec, const char *name)
{
    size_t c = fa_spec_find_column(spec, name);

    cr_assert_neq(c, FA_SPEC_NO_COLUMN, "credit.json has no column %s", name);
    return c;
}

/* The generated CSV loads through datasets/credit.json, every value lands
 * where the spec says, and the research columns are ignored. */
Test(gen_credit, loads_through_the_credit_spec)
{
    fa_credit_gen_options o = FA_CREDIT_GEN_OPTIONS_INIT;
    fa_error err;
    fa_spec *spec;
    fa_table *t;
    fa_table_stats st;
    char path[512];
    const char *dir = temp_dir();
    const double *income, *util;
    const int32_t *region, *race, *sex;
    const uint8_t *labels;
    size_t c_region, c_race, c_sex;
    uint64_t i, positives = 0;

    o.rows = 3000;
    o.seed = 8;
    o.bias = 0.5;
    o.truth = 1;
    snprintf(path, sizeof path, "%s/credit.csv", dir);
    FA_ASSERT_OK(fa_credit_gen_write(&o, path, &err));
    FA_ASSERT_OK(fa_spec_load(&spec, FA_SOURCE_DIR "/datasets/credit.json", &err));
    FA_ASSERT_OK(fa_table_load(&t, spec, path, NULL, &err));

    cr_assert_str_eq(fa_spec_name(spec), "credit");
    cr_assert_str_eq(fa_spec_column_name(spec, fa_spec_label_column(spec)), "default");
    cr_assert_str_eq(fa_spec_positive_label(spec), "1");
    cr_assert_str_eq(fa_spec_negative_label(spec), "0");
    cr_assert_eq(fa_spec_positive_is_favorable(spec), 0);
    cr_assert_eq(fa_spec_column_role(spec, column(spec, "id")), FA_ROLE_IGNORE);
    cr_assert_eq(fa_spec_column_role(spec, column(spec, "sex")), FA_ROLE_PROTECTED);
    cr_assert_eq(fa_spec_column_role(spec, column(spec, "race")), FA_ROLE_PROTECTED);
    cr_assert_eq(fa_spec_column_role(spec, column(spec, "region")), FA_ROLE_CATEGORICAL);
    cr_assert_eq(fa_spec_find_column(spec, "true_default_prob"), FA_SPEC_NO_COLUMN);
    cr_assert_eq(fa_spec_find_column(spec, "true_default"), FA_SPEC_NO_COLUMN);

    fa_table_get_stats(t, &st);
    cr_assert_eq(st.rows_read, 3000);
    cr_assert_eq(st.rows_used, 3000);
    cr_assert_eq(fa_table_n_rows(t), 3000u);
    income = fa_table_numeric(t, column(spec, "income"));
    util = fa_table_numeric(t, column(spec, "utilization"));
    c_region = column(spec, "region");
    c_race = column(spec, "race");
    c_sex = column(spec, "sex");
    region = fa_table_codes(t, c_region);
    race = fa_table_codes(t, c_race);
    sex = fa_table_codes(t, c_sex);
    labels = fa_table_labels(t);
    cr_assert(income && util && region && race && sex && labels);
    for (i = 0; i < o.rows; i++) {
        fa_credit_row r;
        FA_ASSERT_OK(fa_credit_gen_row(&o, i, &r, &err));
        cr_assert(income[i] == r.income);
        cr_assert(util[i] == r.utilization);
        cr_assert_str_eq(fa_table_level(t, c_region, (size_t)region[i]),
                         fa_credit_region_name(r.region));
        cr_assert_str_eq(fa_table_level(t, c_race, (size_t)race[i]), fa_credit_race_name(r.race));
        cr_assert_str_eq(fa_table_level(t, c_sex, (size_t)sex[i]), fa_credit_sex_name(r.sex));
        cr_assert_eq(labels[i], (uint8_t)r.defaulted);
        positives += labels[i];
    }
    cr_assert(positives > 0 && positives < o.rows);
    cr_assert_eq(fa_table_n_levels(t, c_race), FA_CREDIT_N_RACES);
    fa_table_free(t);
    fa_spec_free(spec);
    cr_assert_eq(remove(path), 0);
    cr_assert_eq(rmdir(dir), 0);
    FA_ASSERT_NO_LEAKS();
}
