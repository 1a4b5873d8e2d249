// anlaufstelle-ctl version
#include <iostream>

#include "kiosk/ctl/ctl.h"

ANL_CTL_COMMANDS(Version) {
    auto* cmd = app.add_subcommand("version", "Print the version of this tool");
    cmd->callback([&ctx] {
        if (ctx.json) {
            anl::ctl::PrintJson({{"version", ANL_VERSION}});
        } else {
            std::cout << "anlaufstelle-ctl " << ANL_VERSION << "\n";
        }
    });
}
