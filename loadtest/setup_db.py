"""Prepare the database copy for the load test: the sessions Locust will open.

    python3 loadtest/setup_db.py --config odoo.conf --db DB --users 20 --out a.json

One session per Locust user, each a distinct user when the demo has not enough: the
demo operators and supervisor first, then ``lt.opNN`` operators and ``lt.supNN``
supervisors of Conecta Fibra (password = login, pt_BR, São Paulo time) are created.
About one session in four is a supervisor (at least two, for the SLA storms).
"""

import argparse
import json

from odoo_env import odoo_env


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    supervisors_wanted = max(2, args.users // 4)
    operators_wanted = max(1, args.users - supervisors_wanted)
    with odoo_env(args.config, args.db) as env:
        ref = env.ref
        operator = ref("painel_atendimento.group_operator")
        supervisor = ref("painel_atendimento.group_supervisor")
        manager = ref("painel_atendimento.group_manager")
        conecta = ref("painel_atendimento.company_conecta")
        internal = env["res.users"].search(
            [("share", "=", False), ("login", "like", ".")], order="id"
        )
        demo_supervisors = internal.filtered(
            lambda u: supervisor in u.groups_id and manager not in u.groups_id
        )
        demo_operators = internal.filtered(
            lambda u: operator in u.groups_id and supervisor not in u.groups_id
        )

        def ensure(users, count, prefix, group):
            users = users.filtered(lambda u: not u.login.startswith("lt."))
            number = 0
            while len(users) < count:
                number += 1
                login = f"lt.{prefix}{number:02d}"
                user = env["res.users"].search([("login", "=", login)])
                if not user:
                    user = (
                        env["res.users"]
                        .with_context(no_reset_password=True)
                        .create(
                            {
                                "name": f"Carga {prefix.upper()} {number:02d}",
                                "login": login,
                                "password": login,
                                "email": f"{login}@example.com",
                                "lang": "pt_BR",
                                "tz": "America/Sao_Paulo",
                                "company_id": conecta.id,
                                "company_ids": [(6, 0, conecta.ids)],
                                "groups_id": [(6, 0, group.ids)],
                            }
                        )
                    )
                users |= user
            return users[:count]

        operators = ensure(demo_operators, operators_wanted, "op", operator)
        supervisors = ensure(demo_supervisors, supervisors_wanted, "sup", supervisor)
        # demo passwords are the logins (README); the created ones too
        accounts_ops = [
            {"login": u.login, "password": u.login, "role": "operator"}
            for u in operators
        ]
        accounts_sups = [
            {"login": u.login, "password": u.login, "role": "supervisor"}
            for u in supervisors
        ]
        env.cr.commit()

    # interleave, so that any first N sessions mix the roles
    accounts = []
    while accounts_ops or accounts_sups:
        for _ in range(3):
            if accounts_ops:
                accounts.append(accounts_ops.pop(0))
        if accounts_sups:
            accounts.append(accounts_sups.pop(0))
    with open(args.out, "w") as out:
        json.dump(accounts, out, indent=1)
    roles = [a["role"] for a in accounts]
    print(
        f"{len(accounts)} sessions: {roles.count('operator')} operators, "
        f"{roles.count('supervisor')} supervisors"
    )


if __name__ == "__main__":
    main()
