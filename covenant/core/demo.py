"""The shared state of a demo seeding run: what each app created, and the logins to print."""

from collections import Counter
from dataclasses import dataclass, field

DEMO_PASSWORD = "covenant-demo-2026"


@dataclass
class DemoWorld:
    users: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)
    created: Counter = field(default_factory=Counter)
    logins: list = field(default_factory=list)

    def add_login(self, email: str, role: str) -> None:
        if email not in {login[0] for login in self.logins}:
            self.logins.append((email, role))

    def logins_table(self) -> str:
        width = max(len(email) for email, _ in self.logins) if self.logins else 10
        lines = ["", f"Demo logins (password for all: {DEMO_PASSWORD})", ""]
        lines += [f"  {email.ljust(width)}  {role}" for email, role in self.logins]
        lines += ["", "Staff roles are asked to set up an authenticator app (TOTP) before staff pages.", ""]
        return "\n".join(lines)
