"""A device fleet in its own process that remembers every report answered 200.

Run as a script (the kill -9 test and ``tests/bench/feed.py`` do)::

    python tests/gis/feeds/acked_load.py --port P --out ACKED.txt [--devices 20] [--depth 4] [--duration 30]

Each device keeps one connection and sends Traccar-Client-shaped GETs with
strictly increasing timestamps, ``--depth`` pipelined at a time, as fast as
they are answered. Every report answered 200 is appended to ``--out`` as
``device t`` and flushed at once; a device stops when its connection dies (the
listener was killed). Prints one JSON line of counts at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time


async def _device(port: int, device: str, t0: float, depth: int, until: float, out, counts: dict) -> None:
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        counts["refused"] += 1
        return
    k = 0
    try:
        while time.time() < until:
            batch = []
            for i in range(depth):
                batch.append(f"{t0 + (k + i) * 0.01:.2f}")
            writer.write("".join(
                f"GET /?id={device}&timestamp={t}&lat=47.1&lon=9.5&speed=10 HTTP/1.1\r\nHost: desk\r\n\r\n"
                for t in batch).encode())
            counts["sent"] += depth
            k += depth
            for t in batch:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                if length:
                    await reader.readexactly(length)
                if head.startswith(b"HTTP/1.1 200"):
                    out.write(f"{device} {t}\n")
                    out.flush()
                    counts["ok"] += 1
                else:
                    counts["bad"] += 1
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        counts["broken"] += 1
    finally:
        writer.close()


async def _main(args) -> dict:
    counts = {"sent": 0, "ok": 0, "bad": 0, "broken": 0, "refused": 0}
    t0 = time.time() - 3600.0  # within the sink's age limit, increasing, never ahead
    until = time.time() + args.duration
    with open(args.out, "a", encoding="ascii") as out:
        await asyncio.gather(*(
            _device(args.port, f"{args.prefix}{i:04d}", t0, args.depth, until, out, counts)
            for i in range(args.devices)
        ))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--prefix", default="dev")
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--duration", type=float, default=30.0)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(_main(args))))


if __name__ == "__main__":
    main()
