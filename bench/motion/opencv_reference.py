#!/usr/bin/python3
"""The steps of src/motion/motion-detector.ts written with OpenCV (SIMD C++) and NumPy, for the speed benchmark.

Usage: opencv_reference.py FRAMES.gray WIDTH HEIGHT COUNT FPS [--threads N]
FRAMES.gray holds COUNT grey frames of WIDTH x HEIGHT bytes back to back. Prints one JSON line:
{"fps": <frames/s of the detector alone>, "threads": <OpenCV threads>, "motion_frames": <frames with motion>}.

Same defaults, scaled the same way, as the TypeScript detector: box blur, sparse-grid global statistics
(contrast span, median offsets, noise), difference to a float background and to an average of the recent
past, an edge (jitter) allowance from the background's gradient, per-pixel ages and three learning rates,
recalibration on a global change, dilation and connected components with per-region pixel and change
counts. Each step uses whole-frame vectorised calls, which is how one writes it well in OpenCV.
"""

import argparse
import json
import math
import time

import cv2
import numpy as np

THRESHOLD = 30.0
MIN_THRESHOLD = 10.0
NOISE_FACTOR = 3.0
MIN_REGION_AREA = 0.0004
RECALIBRATE_AREA = 0.7
JITTER_PIXELS = 1.0
CHANGE_RATIO = 0.5
SETTLE_MS, ABSORB_MS, IDLE_MS, MOVING_MS = 1000.0, 1000.0, 2000.0, 60000.0
CONTRAST_MS, CHANGE_MS, NOISE_MS = 10000.0, 200.0, 2000.0


def rate(dt, tau):
    return 1.0 - math.exp(-dt / tau)


class Reference:
    def __init__(self, w, h, fps):
        self.w, self.h = w, h
        scale = w / 320
        self.blur = max(1, round(scale))
        self.merge = max(1, round(2 * scale))
        self.slope = JITTER_PIXELS * scale * 0.5
        self.kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * self.merge + 1, 2 * self.merge + 1))
        self.min_pixels = max(1, round(MIN_REGION_AREA * w * h))
        self.min_changed = max(1, math.ceil(self.min_pixels / 4))
        step = max(2, int(math.sqrt(w * h / 16384)))
        self.grid = (slice(step >> 1, None, step), slice(step >> 1, None, step))
        self.dt = 1000.0 / fps
        self.first = True
        self.bg = np.zeros((h, w), np.float32)
        self.prev = np.zeros((h, w), np.float32)
        self.age = np.zeros((h, w), np.uint8)
        self.prev_sample = None
        self.span = 255.0
        self.noise = 0.0

    def process(self, frame):
        dt = self.dt
        c = cv2.blur(frame, (2 * self.blur + 1, 2 * self.blur + 1), borderType=cv2.BORDER_REPLICATE)
        cf = c.astype(np.float32)

        # Global statistics on the sparse grid of the raw frame.
        sample = frame[self.grid].astype(np.float32)
        lo, hi = np.percentile(sample, (4, 96))
        span = max(1.0, float(hi - lo))
        if self.first:
            self.span, o_bg, o_prev = span, 0.0, 0.0
            self.prev_sample = sample
        else:
            self.span += (span - self.span) * rate(dt, CONTRAST_MS)
            o_bg = float(np.median(np.rint(sample - self.bg[self.grid])))
            diff = np.rint(sample - self.prev_sample)
            o_prev = float(np.median(diff))
            self.noise += (float(np.median(np.abs(diff - o_prev))) - self.noise) * rate(dt, NOISE_MS)
            self.prev_sample += (sample - self.prev_sample) * rate(dt, CHANGE_MS)
        t = min(254.0, max(THRESHOLD * self.span / 255.0, MIN_THRESHOLD, NOISE_FACTOR * self.noise))
        tc = min(t, max(t * CHANGE_RATIO, MIN_THRESHOLD, NOISE_FACTOR * self.noise))

        bg_ref = self.bg + o_bg
        prev_ref = self.prev + o_prev
        d = cv2.absdiff(cf, bg_ref)
        dp = cv2.absdiff(cf, prev_ref)
        gx = np.abs(cv2.Sobel(self.bg, cv2.CV_32F, 1, 0, ksize=1))
        gy = np.abs(cv2.Sobel(self.bg, cv2.CV_32F, 0, 1, ksize=1))
        slack = cv2.max(gx, gy) * self.slope
        fg = cv2.compare(d, slack + t, cv2.CMP_GT)
        changed = cv2.compare(dp, slack + tc, cv2.CMP_GT)

        self.age = cv2.bitwise_and(cv2.add(self.age, 1), cv2.bitwise_not(changed))
        settle = min(254, max(1, round(SETTLE_MS / dt)))
        settled = cv2.compare(self.age, settle, cv2.CMP_GE)
        cv2.accumulateWeighted(cf, prev_ref, 1.0 if self.first else rate(dt, CHANGE_MS))
        self.prev = prev_ref
        cv2.accumulateWeighted(cf, bg_ref, rate(dt, IDLE_MS), mask=cv2.bitwise_not(fg))
        cv2.accumulateWeighted(cf, bg_ref, rate(dt, ABSORB_MS), mask=cv2.bitwise_and(fg, settled))
        cv2.accumulateWeighted(cf, bg_ref, rate(dt, MOVING_MS), mask=cv2.bitwise_and(fg, cv2.bitwise_not(settled)))
        self.bg = bg_ref

        fg_count = cv2.countNonZero(fg)
        if self.first or fg_count > RECALIBRATE_AREA * self.w * self.h:
            self.first = False
            self.bg = cf.copy()
            self.prev = cf.copy()
            self.age[:] = 255
            return False
        if fg_count == 0:
            return False
        dilated = cv2.dilate(fg, self.kernel)
        n, labels, stats, _ = cv2.connectedComponentsWithStats(dilated, connectivity=8)
        fg_labels = labels[fg > 0]
        pixels = np.bincount(fg_labels, minlength=n)
        changes = np.bincount(labels[cv2.bitwise_and(fg, changed) > 0], minlength=n)
        counted = (pixels[1:] >= self.min_pixels) & (changes[1:] >= self.min_changed)
        boxes = stats[1:][counted]
        return len(boxes) > 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("width", type=int)
    parser.add_argument("height", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("fps", type=float)
    parser.add_argument("--threads", type=int, default=0, help="OpenCV threads; 0 keeps OpenCV's default")
    args = parser.parse_args()
    if args.threads > 0:
        cv2.setNumThreads(args.threads)
    frames = np.fromfile(args.path, np.uint8).reshape(args.count, args.height, args.width)
    frames = np.ascontiguousarray(frames)

    def run():
        ref = Reference(args.width, args.height, args.fps)
        motion = 0
        start = time.perf_counter()
        for frame in frames:
            if ref.process(frame):
                motion += 1
        return time.perf_counter() - start, motion

    run()  # warm-up, as the TypeScript side does
    best, motion = min(run() for _ in range(3))
    print(json.dumps({"fps": args.count / best, "threads": cv2.getNumThreads(), "motion_frames": motion}))


if __name__ == "__main__":
    main()
