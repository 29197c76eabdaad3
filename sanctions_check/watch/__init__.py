"""Watch: the scheduled (cron) check.

Contract: the TOML configuration, the run (refresh the list, re-screen watched names,
scan news), the state database of hits seen (only new or re-opened hits are
reported), the run lock and the dated report workbook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sanctions_check.files.lazy import lazy_exports

if TYPE_CHECKING:
    from sanctions_check.watch.config import WatchConfig, load_config
    from sanctions_check.watch.run import run_watch
    from sanctions_check.watch.staterecords import HitStatus

# imported on first use: importing one module of the package runs none of the others
__getattr__, __dir__ = lazy_exports(__name__, {
    "HitStatus": "sanctions_check.watch.staterecords:HitStatus",
    "WatchConfig": "sanctions_check.watch.config:WatchConfig",
    "load_config": "sanctions_check.watch.config:load_config",
    "run_watch": "sanctions_check.watch.run:run_watch",
})

__all__ = ["HitStatus", "WatchConfig", "load_config", "run_watch"]
