#!/usr/bin/env python3
"""A PUT sink that reads and discards request bodies: the neutral server for Benchmarks/upload.sh.

It answers `100 Continue` when asked, reads exactly Content-Length bytes into one reused buffer
(no disk, no tmpfs, almost no CPU), and answers `201` with `{}`; connections are kept alive.
Usage: sink.py PORT (prints "ready" once listening).
"""
import socket
import sys
import threading

BUFFER = 1 << 20


def handle(conn):
    buf = bytearray(BUFFER)
    view = memoryview(buf)
    pending = b""
    with conn:
        while True:
            while b"\r\n\r\n" not in pending:
                data = conn.recv(65536)
                if not data:
                    return
                pending += data
            head, _, pending = pending.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:] if ":" in l)}
            length = int(headers.get("content-length", "0"))
            if headers.get("expect", "").lower() == "100-continue":
                conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            take = min(length, len(pending))
            pending, length = pending[take:], length - take
            while length > 0:
                n = conn.recv_into(view, min(length, BUFFER))
                if n == 0:
                    return
                length -= n
            conn.sendall(b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", int(sys.argv[1])))
    server.listen(64)
    print("ready", flush=True)
    while True:
        conn, _ = server.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
