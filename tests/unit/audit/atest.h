/* atest.h — fixture predictions files for audit and report tests. */
#ifndef FA_ATEST_H
#define FA_ATEST_H

#include <string.h>

#include "fa_test.h"

/* The metrics fixture (tests/unit/metrics/mtest.h) as a CSV: groups A (6 rows), B (5), C (3);
 * a second attribute "sex" and a weight column of ones. */
static const char atest_csv[] =
    "id,score,label,decision,grp,sex,w\n"
    "1,0.92,1,1,A,F,1\n"
    "2,0.81,0,1,A,M,1\n"
    "3,0.63,1,1,A,F,1\n"
    "4,0.44,1,0,A,M,1\n"
    "5,0.32,0,0,A,F,1\n"
    "6,0.21,0,0,A,M,1\n"
    "7,0.72,1,1,B,F,1\n"
    "8,0.47,1,0,B,M,1\n"
    "9,0.56,0,1,B,F,1\n"
    "10,0.12,0,0,B,M,1\n"
    "11,0.57,0,1,B,F,1\n"
    "12,0.26,0,0,C,M,1\n"
    "13,0.17,0,0,C,F,1\n"
    "14,0.06,0,0,C,M,1\n";

static inline void atest_options(fa_audit_options *o, const char **prot, size_t n_prot)
{
    fa_audit_options_init(o);
    o->label_column = "label";
    o->score_column = "score";
    o->protected_columns = prot;
    o->n_protected = n_prot;
    o->bootstrap = 0;
}

/* Runs an audit on text; returns the status, fills err. */
static inline fa_status atest_run(const char *name, const char *text, const fa_audit_options *o,
                                  fa_audit_result **res, fa_error *err)
{
    const char *path = fa_test_write(name, text);
    fa_error_clear(err);
    return fa_audit_run(path, o, res, err);
}

static inline size_t atest_attr(const fa_audit_result *r, const char *name)
{
    size_t i;

    for (i = 0; i < fa_audit_n_attributes(r); i++)
        if (strcmp(fa_audit_attribute_name(r, i), name) == 0)
            return i;
    cr_assert_fail("no attribute %s", name);
    return 0;
}

static inline double atest_disp(const fa_audit_result *r, const char *attr, const char *key)
{
    double v;
    const char *why;
    fa_error err;

    cr_assert_eq(fa_audit_disparity(r, atest_attr(r, attr), key, &v, &why, &err), FA_OK);
    return v;
}

#endif
