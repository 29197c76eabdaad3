"""Watch: the scheduled (cron) check.

Contract: the TOML configuration, the run (refresh the list, re-screen watched names,
scan news), the state database of hits seen (only new or re-opened hits are
reported), the run lock and the dated report workbook.
"""

from sanctions_check.watch.config import WatchConfig, load_config
from sanctions_check.watch.run import run_watch
from sanctions_check.watch.staterecords import HitStatus

__all__ = ["HitStatus", "WatchConfig", "load_config", "run_watch"]
