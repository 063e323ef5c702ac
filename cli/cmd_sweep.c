/* placeholder replaced below */
#include "cli.h"
int cmd_mitigate_sweep(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_usage("mitigate", "sweep: not built yet");
}
