#!/usr/bin/python3
"""The SMTP server of the mail tests: aiosmtpd on 127.0.0.1:--port, storing each message it
accepts in the Maildir --maildir. Prints "ready <port>" once connections are accepted (aiosmtpd's
Controller connects to itself before start() returns), then serves until SIGTERM.
"""
import argparse
import signal
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    args = parser.parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    controller = Controller(Mailbox(args.maildir), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"ready {args.port}", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
