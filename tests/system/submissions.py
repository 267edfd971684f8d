"""Complete drafts for the load test, made in a process of the internet zone:

    python tests/system/submissions.py COUNT OUT.json

COUNT applications of verified citizens (two per account; items without and with a file),
each ready to submit, and a signed-in session per account. Writes
[{"app": id, "session": key, "csrf": token}, …].
"""

import json
import secrets
import sys
from pathlib import Path

ITEMS = ("ZA-001", "JZ-001")
PASSWORD = "Load#2026pass"


def main(count: int, out: str) -> None:
    import django

    django.setup()
    from django.test import Client
    from stdnum.cn import ric

    from policeonline.accounts.citizens.models import User
    from policeonline.applications import services
    from policeonline.applications.demo_files import sample_for
    from policeonline.catalog.models import Item
    from policeonline.formspec import form_for

    items = [Item.objects.get(code=code) for code in ITEMS]
    files, made = {}, []
    numbers = (f"370102{1970 + n % 30}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}" for n in range(10**6))
    numbers = (body + ric.calc_check_digit(body + "0") for body in numbers)
    numbers = (number for number in numbers if ric.is_valid(number))
    for n, id_number in zip(range((count + 1) // 2), numbers, strict=False):
        user = User.objects.create_citizen(name=f"负载{n}", id_number=id_number,
                                           phone=f"137{n:08d}", password=PASSWORD)
        user.verification = "verified"
        user.save(update_fields=["verification"])
        client = Client()
        client.force_login(user, backend="policeonline.accounts.citizens.backends.IdentifierBackend")
        session = client.session.session_key
        for item in items[:count - len(made)]:
            form = form_for(item)
            app = services.start(user, item)
            services.save_draft(app.pk, user, form.example(services.identity_of(user)))
            for slot in form.slots:
                if slot.required:
                    if (item.code, slot.name) not in files:
                        files[item.code, slot.name] = sample_for(slot)
                    services.attach(app.pk, user, slot.name, *files[item.code, slot.name])
            made.append({"app": str(app.pk), "session": session, "csrf": secrets.token_hex(16)})
    Path(out).write_text(json.dumps(made))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
