#!/usr/bin/python3
"""A real RTSP server for tests and benchmarks (GStreamer's gst-rtsp-server), serving H.264 files looped at real speed.

Run with Debian's /usr/bin/python3 (the GStreamer bindings are installed for it, not for pyenv's python):

    /usr/bin/python3 rtsp_server.py --port 0 --mount /cam=video.mp4 [--start 40 --duration 30] [--user u --password p]

Each file is read once into memory as H.264 access units; every client gets its own pipeline that pushes those units
through an appsrc with timestamps that keep increasing across loops, paced by the pipeline clock, so a client sees
a live camera: real speed, no end, no timestamp jumps, no re-encoding (a few per cent of one core for dozens of
clients). Prints "READY <port>" on stdout once listening; exits on SIGTERM/SIGINT.
"""

import argparse
import signal
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)


def read_access_units(path, start_s, duration_s):
    """H.264 access units of an MP4 (or MPEG-TS) file as (pts, dts, duration, bytes, is_delta), and the caps."""
    demux = "tsdemux" if path.endswith(".ts") else "qtdemux"
    reader = Gst.parse_launch(
        f'filesrc location="{path}" ! {demux} ! h264parse config-interval=-1 '
        "! video/x-h264,stream-format=byte-stream,alignment=au ! appsink name=sink sync=false"
    )
    sink = reader.get_by_name("sink")
    reader.set_state(Gst.State.PLAYING)
    units, caps = [], None
    start_ns = int(start_s * 1e9)
    end_ns = start_ns + int(duration_s * 1e9) if duration_s > 0 else None
    while True:
        sample = sink.emit("pull-sample")
        if sample is None:
            break
        buf = sample.get_buffer()
        caps = caps or sample.get_caps()
        dts = buf.dts if buf.dts != Gst.CLOCK_TIME_NONE else buf.pts
        delta = buf.has_flags(Gst.BufferFlags.DELTA_UNIT)
        # Start on a keyframe at or after --start so the loop begins decodable; stop before --start + --duration.
        if buf.pts < start_ns or (not units and delta):
            continue
        if end_ns is not None and buf.pts >= end_ns:
            break
        ok, info = buf.map(Gst.MapFlags.READ)
        units.append((buf.pts, dts, buf.duration, bytes(info.data), delta))
        buf.unmap(info)
    reader.set_state(Gst.State.NULL)
    if not units:
        raise SystemExit(f"no H.264 access units in {path} from {start_s}s")
    return units, caps


class Feed:
    """Pushes one file's access units into one client's appsrc at real speed, looping forever."""

    def __init__(self, units, caps):
        self.units = units
        self.caps = caps
        first = units[0][1]
        last = units[-1]
        frame = last[2] if last[2] != Gst.CLOCK_TIME_NONE else 100_000_000
        self.first = first
        self.period = last[1] + frame - first

    def configure(self, _factory, media):
        src = media.get_element().get_child_by_name("src")
        src.set_property("caps", self.caps)
        stop = threading.Event()
        media.connect("unprepared", lambda _m: stop.set())
        threading.Thread(target=self.run, args=(src, stop), daemon=True).start()

    def run(self, src, stop):
        # Timestamps are the pipeline's running time. The server plays the pipeline to get the stream's caps,
        # pauses it until the client's PLAY and plays it again; running time jumps back at that point, so units
        # are pushed only while playing, and the schedule is re-anchored whenever playing resumes.
        def playing():
            return src.get_state(0)[1] == Gst.State.PLAYING

        def running_time():
            t = src.get_current_running_time()
            return None if t == Gst.CLOCK_TIME_NONE else t

        base = None
        loop = 0
        while not stop.is_set():
            for pts, dts, duration, data, delta in self.units:
                due = loop * self.period + (dts - self.first)
                while True:
                    now = running_time() if playing() else None
                    if now is None:
                        base = None
                        if stop.wait(0.005):
                            return
                        continue
                    if base is None:
                        base = now - due
                    wait = base + due - now
                    if wait <= 0:
                        break
                    if stop.wait(min(wait / 1e9, 0.02)):
                        return
                buf = Gst.Buffer.new_wrapped(data)
                buf.dts = base + due
                buf.pts = base + due + (pts - dts)
                buf.duration = duration
                if delta:
                    buf.set_flags(Gst.BufferFlags.DELTA_UNIT)
                if src.emit("push-buffer", buf) != Gst.FlowReturn.OK:
                    return
            loop += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", default="0", help="TCP port; 0 picks a free one")
    parser.add_argument("--mount", action="append", required=True, help="/path=file.mp4, repeatable")
    parser.add_argument("--start", type=float, default=0.0, help="seconds into each file where the loop starts")
    parser.add_argument("--duration", type=float, default=0.0, help="seconds of each file to loop; 0: to the end")
    parser.add_argument("--user", default=None)
    parser.add_argument("--password", default=None)
    args = parser.parse_args()

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(args.port)
    mounts = server.get_mount_points()
    if args.user is not None:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "user")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password or ""), token)
        server.set_auth(auth)
    for spec in args.mount:
        path, _, file = spec.partition("=")
        units, caps = read_access_units(file, args.start, args.duration)
        feed = Feed(units, caps)
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(
            "( appsrc name=src is-live=true format=time do-timestamp=false max-bytes=0 "
            "! h264parse ! rtph264pay name=pay0 pt=96 config-interval=1 )"
        )
        factory.set_shared(False)
        if args.user is not None:
            permissions = GstRtspServer.RTSPPermissions()
            permissions.add_permission_for_role("user", "media.factory.access", True)
            permissions.add_permission_for_role("user", "media.factory.construct", True)
            factory.set_permissions(permissions)
        factory.connect("media-configure", feed.configure)
        mounts.add_factory(path, factory)
    if server.attach(None) == 0:
        raise SystemExit(f"cannot listen on port {args.port}")
    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    print("READY", server.get_bound_port(), flush=True)
    loop.run()
    sys.exit(0)


if __name__ == "__main__":
    main()
