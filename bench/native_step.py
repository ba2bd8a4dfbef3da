#!/usr/bin/env python3
"""The native CPU limit: the benchmark's reference training step in numpy, on all cores.

The model the app trains in the benchmark's reference rows: 784-256-32-256-784, ReLU hidden
layers, a linear code, a sigmoid output, MSE loss, Adam (lr 1e-3), batch 256, float32. Like the
app, it takes no gradient with respect to the input digits. numpy's BLAS (OpenBLAS as a rule)
runs the matrix products on every core it is given; bench/sections/native.ts sets the thread
count and runs this script in a quiet moment of the benchmark.

Prints one JSON line: examplesPerSecond over a steady-state window after a warm-up, or
{"error": ...} and exit status 3 when numpy is missing.
"""

import argparse
import json
import os
import sys
import time

try:
    import numpy as np
except ImportError as err:
    print(json.dumps({"error": f"numpy is not installed ({err})"}))
    sys.exit(3)

SIZES = (784, 256, 32, 256, 784)
# Layers with a ReLU after them; the code (layer 1) is linear and the output a sigmoid.
RELU = (True, False, True)


def blas_name():
    try:
        deps = np.show_config(mode="dicts").get("Build Dependencies", {})
        blas = deps.get("blas", {})
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # older numpy has no mode="dicts"
        return None


class Model:
    def __init__(self, rng, lr=1e-3):
        self.w = [
            (rng.standard_normal((a, b)) * np.sqrt(2.0 / a)).astype(np.float32)
            for a, b in zip(SIZES[:-1], SIZES[1:])
        ]
        self.b = [np.zeros(n, np.float32) for n in SIZES[1:]]
        self.params = self.w + self.b
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.lr, self.beta1, self.beta2, self.eps = lr, 0.9, 0.999, 1e-7
        self.t = 0

    def step(self, x):
        """One forward pass, backward pass and Adam update; returns the batch's loss."""
        acts = [x]
        pre = []
        h = x
        for i, (w, b) in enumerate(zip(self.w, self.b)):
            z = h @ w
            z += b
            pre.append(z)
            if i < len(RELU):
                h = np.maximum(z, 0) if RELU[i] else z
            else:
                h = 1.0 / (1.0 + np.exp(-z))
            acts.append(h)
        y = acts[-1]
        diff = y - x
        loss = float(np.mean(diff * diff))
        # d loss / d output-logits: MSE through the sigmoid.
        g = diff * (2.0 / diff.size) * y * (1.0 - y)
        grads_w = [None] * len(self.w)
        grads_b = [None] * len(self.b)
        for i in reversed(range(len(self.w))):
            grads_w[i] = acts[i].T @ g
            grads_b[i] = g.sum(axis=0)
            if i == 0:
                break  # no gradient with respect to the input
            g = g @ self.w[i].T
            if RELU[i - 1]:
                g *= pre[i - 1] > 0
        self.adam(grads_w + grads_b)
        return loss

    def adam(self, grads):
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        step = self.lr * np.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * (g * g)
            p -= step * m / (np.sqrt(v) + self.eps)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--warmup", type=float, default=2.0, help="seconds before the window")
    ap.add_argument("--seconds", type=float, default=5.0, help="measurement window in seconds")
    ap.add_argument("--batch", type=int, default=256)
    args = ap.parse_args()

    rng = np.random.default_rng(0)
    # A few distinct batches of pixels in [0, 1], so the step streams data as training does.
    batches = [rng.random((args.batch, SIZES[0]), dtype=np.float32) for _ in range(8)]
    model = Model(rng)

    steps = 0
    first_loss = model.step(batches[0])
    end_warmup = time.perf_counter() + args.warmup
    while time.perf_counter() < end_warmup:
        model.step(batches[steps % len(batches)])
        steps += 1
    t0 = time.perf_counter()
    window_steps = 0
    while True:
        last_loss = model.step(batches[(steps + window_steps) % len(batches)])
        window_steps += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= args.seconds and window_steps >= 3:
            break
    print(
        json.dumps(
            {
                "examplesPerSecond": window_steps * args.batch / elapsed,
                "steps": window_steps,
                "seconds": elapsed,
                "batch": args.batch,
                "firstLoss": first_loss,
                "lastLoss": last_loss,
                "cpuCount": os.cpu_count(),
                "threads": os.environ.get("OPENBLAS_NUM_THREADS"),
                "numpy": np.__version__,
                "blas": blas_name(),
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
