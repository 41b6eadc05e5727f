"""The background worker: every few seconds, publishes the draft changes scheduled
for now and sends the e-mail notices that are due, until stopped (SIGTERM or Ctrl-C
end it between two rounds)."""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from kernel.admin.kept_uploads import delete_stale_kept_uploads
from kernel.notices import send_due
from kernel.scheduling import publish_due_drafts


class Command(BaseCommand):
    help = "Publish scheduled draft changes and send due e-mail notices, until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One round, then stop.")
        parser.add_argument(
            "--interval", type=float, default=3.0, help="Seconds between rounds (default 3)."
        )

    def handle(self, *args, once=False, interval=3.0, **options):
        stopping = []
        if not once:  # a long-running process of its own: stops between two rounds
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stopping.append(True))
            self.stdout.write(
                f"Worker running: scheduled changes and notices every {interval:g} s."
            )
        while True:
            if not once:
                close_old_connections()  # as Django does around each request
            try:
                published = publish_due_drafts()
                if published:
                    self.stdout.write(f"Published {published} scheduled draft change(s).")
                sent, failed = send_due()
                delete_stale_kept_uploads()
            except Exception as error:  # the database away: next round
                self.stderr.write(f"Worker round failed, trying again: {error}")
                sent = failed = 0
            if sent or failed:
                self.stdout.write(f"Notices: {sent} sent, {failed} to try again later.")
            if once or stopping:
                return
            deadline = time.monotonic() + interval
            while time.monotonic() < deadline and not stopping:
                time.sleep(0.2)
