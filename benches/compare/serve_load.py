#!/usr/bin/env python3
"""Load test of `zhproof serve` on 127.0.0.1 (stdlib only; a measurement, not a test).

Starts `zhproof serve --addr 127.0.0.1:0`, then runs ROUNDS rounds of SECONDS seconds with
CLIENTS concurrent clients, mixed:

* checkers: POST /check with a paragraph of a corpus (well-formed; counted),
* health: GET /health in a loop (well-formed; counted; latency recorded),
* slow: send the request headers one byte at a time (one byte every 0.5 s),
* slow body: a valid head, then the body one byte every 0.5 s,
* oversize: a Content-Length over --max-body (expect 413), and a body over it sent anyway.

Prints, per round: requests, non-2xx answers to well-formed requests (with their statuses
and errors), /health p50/p99/max latency, and the server's RSS after the round.

Usage: serve_load.py ZHPROOF_BINARY CORPUS.txt [--clients 20] [--seconds 30] [--rounds 2]
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def http(addr, method, path, body=b"", ctype="application/json", timeout=30.0):
    """One request on a fresh connection; returns the status (0 on a transport error)."""
    host, port = addr
    with socket.create_connection((host, port), timeout=timeout) as s:
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
        s.sendall(head + body)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    parts = data.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.ok = 0
        self.bad = Counter()
        self.health = []
        self.adversarial = Counter()

    def count(self, status, err=None):
        with self.lock:
            if 200 <= status < 300:
                self.ok += 1
            else:
                self.bad[err or status] += 1


def checker_client(addr, paras, stop, st, k):
    i = k
    while not stop.is_set():
        body = json.dumps({"text": paras[i % len(paras)]}).encode()
        i += 7
        try:
            st.count(http(addr, "POST", "/check", body))
        except OSError as e:
            st.count(0, type(e).__name__)


def health_client(addr, stop, st):
    while not stop.is_set():
        t = time.perf_counter()
        try:
            status = http(addr, "GET", "/health", timeout=10)
        except OSError as e:
            st.count(0, type(e).__name__)
            continue
        dt = time.perf_counter() - t
        st.count(status)
        with st.lock:
            st.health.append(dt)
        time.sleep(0.02)


def slow_head_client(addr, stop, st):
    while not stop.is_set():
        try:
            with socket.create_connection(addr, timeout=60) as s:
                head = b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                for b in head:
                    if stop.is_set():
                        break
                    s.sendall(bytes([b]))
                    time.sleep(0.5)
                s.settimeout(2)
                try:
                    data = s.recv(100)
                except OSError:
                    data = b""
            with st.lock:
                st.adversarial["slow head: " + (data.split(b" ")[1].decode() if data.count(b" ") else "closed")] += 1
        except OSError as e:
            with st.lock:
                st.adversarial["slow head: " + type(e).__name__] += 1


def slow_body_client(addr, stop, st):
    while not stop.is_set():
        body = json.dumps({"text": "这是一段慢慢发送的文字。" * 20}).encode()
        try:
            with socket.create_connection(addr, timeout=60) as s:
                s.sendall(
                    b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                )
                for b in body:
                    if stop.is_set():
                        break
                    s.sendall(bytes([b]))
                    time.sleep(0.5)
                s.settimeout(5)
                try:
                    data = s.recv(100)
                except OSError:
                    data = b""
            with st.lock:
                st.adversarial["slow body: " + (data.split(b" ")[1].decode() if data.count(b" ") else "closed")] += 1
        except OSError as e:
            with st.lock:
                st.adversarial["slow body: " + type(e).__name__] += 1


def oversize_client(addr, stop, st, max_body):
    flip = False
    while not stop.is_set():
        flip = not flip
        try:
            if flip:
                # Announce a huge body, send none: should be refused up front.
                with socket.create_connection(addr, timeout=10) as s:
                    s.sendall(
                        b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 100000000000\r\nConnection: close\r\n\r\n"
                    )
                    data = s.recv(100)
                status = data.split(b" ")[1].decode() if data.count(b" ") else "closed"
            else:
                body = b'{"text":"' + b"a" * (max_body + 10) + b'"}'
                status = str(http(addr, "POST", "/check", body, timeout=10))
            with st.lock:
                st.adversarial["oversize: " + status] += 1
        except OSError as e:
            with st.lock:
                st.adversarial["oversize: " + type(e).__name__] += 1
        time.sleep(0.2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("corpus")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--max-body", type=int, default=2 * 1024 * 1024)
    a = ap.parse_args()
    with open(a.corpus, encoding="utf-8", errors="replace") as f:
        paras = [l.strip() for l in f if len(l.strip()) > 40][:5000]
    if not paras:
        sys.exit("no paragraphs in the corpus")
    srv = subprocess.Popen(
        [a.binary, "serve", "--addr", "127.0.0.1:0", "--max-body", str(a.max_body)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = srv.stdout.readline()
        hostport = line.strip().rsplit("http://", 1)[-1]
        host, port = hostport.rsplit(":", 1)
        assert host == "127.0.0.1", line
        addr = (host, int(port))
        n_slow, n_slow_body, n_over, n_health = 2, 2, 2, 2
        n_check = max(1, a.clients - n_slow - n_slow_body - n_over - n_health)
        print(
            f"server pid {srv.pid} on {hostport}; per round: {n_check} checkers, {n_health} "
            f"health, {n_slow} slow-head, {n_slow_body} slow-body, {n_over} oversize; "
            f"{a.seconds:.0f} s; RSS at start {rss_kib(srv.pid)} KiB"
        )
        for r in range(1, a.rounds + 1):
            st = Stats()
            stop = threading.Event()
            ts = [threading.Thread(target=checker_client, args=(addr, paras, stop, st, k)) for k in range(n_check)]
            ts += [threading.Thread(target=health_client, args=(addr, stop, st)) for _ in range(n_health)]
            ts += [threading.Thread(target=slow_head_client, args=(addr, stop, st)) for _ in range(n_slow)]
            ts += [threading.Thread(target=slow_body_client, args=(addr, stop, st)) for _ in range(n_slow_body)]
            ts += [threading.Thread(target=oversize_client, args=(addr, stop, st, a.max_body)) for _ in range(n_over)]
            peak = 0
            for t in ts:
                t.daemon = True
                t.start()
            end = time.time() + a.seconds
            while time.time() < end:
                time.sleep(0.5)
                peak = max(peak, rss_kib(srv.pid) or 0)
            stop.set()
            for t in ts:
                t.join(timeout=40)
            h = sorted(st.health)
            pct = lambda p: h[min(len(h) - 1, int(p * len(h)))] * 1000 if h else float("nan")
            print(
                f"round {r}: well-formed ok {st.ok}, non-2xx/errors {sum(st.bad.values())} "
                f"{dict(st.bad)}; /health n={len(h)} p50 {pct(0.5):.1f} ms p99 {pct(0.99):.1f} ms "
                f"max {(h[-1] * 1000 if h else float('nan')):.1f} ms; RSS peak {peak} KiB, "
                f"after {rss_kib(srv.pid)} KiB; adversarial {dict(st.adversarial)}"
            )
    finally:
        srv.terminate()
        try:
            srv.wait(timeout=15)
        except subprocess.TimeoutExpired:
            srv.kill()


if __name__ == "__main__":
    main()
