/* A downstream program: builds against an installed fairaudit. */
#include <fairaudit/fairaudit.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    fa_error err;

    fa_error_clear(&err);
    if (strcmp(fa_version_string(), FA_VERSION_STRING) != 0)
        return 1;
    printf("consumer: fairaudit %s, %s\n", fa_version_string(), fa_status_str(FA_EPARSE));
    return 0;
}
