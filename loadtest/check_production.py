"""Is Odoo really in production mode? Checks a running prefork server.

    python3 loadtest/check_production.py --master PID --db DB --config odoo.conf
        --http-port P --gevent-port G [--seconds 30]

* the gevent (websocket) process, child of the master, keeps one pid for --seconds
  (a launcher Odoo cannot re-run makes the master respawn it every ~2 s);
* /websocket on the gevent port answers the handshake (101) and a message sent on the
  bus from the database (bus.bus._sendone + commit, i.e. NOTIFY) reaches the socket;
* the cron worker ran jobs (ir_cron.lastcall moved since the master started).

Exits non-zero when a check fails. Runs with the interpreter Odoo is installed for.
"""

import argparse
import json
import os
import sys
import time

import psutil
import requests
import websocket


def gevent_children(master):
    children = []
    for child in psutil.Process(master).children():
        try:
            if "gevent" in child.cmdline()[1:3]:
                children.append(child)
        except psutil.Error:  # gone between the listing and the look (a respawn)
            pass
    return children


def check_gevent_stable(master, seconds):
    seen = set()
    deadline = time.time() + seconds
    while time.time() < deadline:
        seen.update(child.pid for child in gevent_children(master))
        time.sleep(0.5)
    ok = len(seen) == 1
    print(
        f"gevent process: {'OK' if ok else 'FAILED'} pids seen over {seconds}s: "
        f"{sorted(seen) or 'none'}"
    )
    return ok


def check_websocket(args):
    base = f"http://127.0.0.1:{args.http_port}"
    session = requests.Session()
    response = session.post(
        f"{base}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": args.db, "login": args.login, "password": args.password},
        },
        timeout=30,
    ).json()
    partner_id = response["result"]["partner_id"]
    try:
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{args.gevent_port}/websocket",
            origin=base,
            cookie=f"session_id={session.cookies['session_id']}",
            timeout=15,
        )
    except (OSError, websocket.WebSocketException) as error:
        print(f"websocket: FAILED handshake on port {args.gevent_port}: {error!r}")
        return False
    subscribe = {"event_name": "subscribe", "data": {"channels": [], "last": 0}}
    ws.send(json.dumps(subscribe))
    time.sleep(1)
    token = f"painel-loadtest-{os.getpid()}-{time.time()}"
    send_on_bus(args, partner_id, token)
    received = None
    deadline = time.time() + 15
    while time.time() < deadline and received is None:
        try:
            for notification in json.loads(ws.recv()):
                payload = notification.get("message", {}).get("payload", {})
                if payload.get("token") == token:
                    received = notification
        except websocket.WebSocketTimeoutException:
            break
    ws.close()
    print(
        f"websocket: {'OK' if received else 'FAILED'} handshake on port "
        f"{args.gevent_port}, bus message {'received' if received else 'NOT received'}"
    )
    return bool(received)


def send_on_bus(args, partner_id, token):
    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        partner = env["res.partner"].browse(partner_id)
        env["bus.bus"]._sendone(partner, "painel_loadtest/ping", {"token": token})


def check_cron(args, master, wait=180):
    """A job ran since the master started. The cron worker polls every minute (its
    first poll included): wait for it up to ``wait`` s after the master's start."""
    import psycopg2

    started = psutil.Process(master).create_time()
    count = 0
    with psycopg2.connect(dbname=args.db, user="postgres", host="127.0.0.1") as conn:
        conn.autocommit = True
        cur = conn.cursor()
        while True:
            cur.execute(
                "SELECT count(*) FROM ir_cron"
                " WHERE lastcall >= to_timestamp(%s) AT TIME ZONE 'UTC'",
                [started],
            )
            count = cur.fetchone()[0]
            if count or time.time() > started + wait:
                break
            time.sleep(2)
    verdict = "OK" if count else "FAILED"
    print(f"cron: {verdict} {count} jobs ran since the master started")
    return bool(count)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--master", type=int, required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--gevent-port", type=int, required=True)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--login", default="ana.souza")
    parser.add_argument("--password", default="ana.souza")
    parser.add_argument("--no-cron", action="store_true")
    parser.add_argument(
        "--cron-only",
        action="store_true",
        help="only the cron check (the cron worker polls every minute: run it late)",
    )
    args = parser.parse_args()
    if args.cron_only:
        results = [check_cron(args, args.master)]
    else:
        results = [
            check_gevent_stable(args.master, args.seconds),
            check_websocket(args),
        ]
        if not args.no_cron:
            results.append(check_cron(args, args.master))
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
