/* cmd_version.c — `fairaudit version`: prints the tool and library version. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_version(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: fairaudit version [--features]\n\nPrints the version of fairaudit;\n"
                   "--features: also the optional parts this build has (mpi yes/no).\n");
            return FA_EXIT_OK;
        }
        if (strcmp(argv[i], "--features") == 0) {
            printf("fairaudit %s\nmpi %s\n", fa_version_string(), cli_mpi_built() ? "yes" : "no");
            return FA_EXIT_OK;
        }
        return cli_usage("version", "unexpected argument '%s'", argv[i]);
    }
    printf("fairaudit %s\n", fa_version_string());
    return FA_EXIT_OK;
}
