"""Odoo's command line as a real script: `python3 bin/_odoo.py <odoo arguments>`.

In production mode (--workers) Odoo starts its gevent (websocket/longpolling) process by
re-running ``[sys.executable, sys.argv[0], "gevent", ...]``: the launcher must therefore
be a file Python can run again. This is the official ``odoo-bin``, for any Odoo 18
importable by the interpreter (source checkout or installed package).
"""

import os

# as odoo-bin: the server's timezone is UTC, before anything imports `time`
os.environ["TZ"] = "UTC"

import odoo
import odoo.cli

if __name__ == "__main__":
    odoo.cli.main()
