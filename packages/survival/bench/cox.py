# statsmodels side of bench/cox.bench.ts: times PHReg(time, X, status, ties="efron").fit() on
# the benchmark data (the CSV the TypeScript script writes; read outside the timed region).
# Usage: python3 cox.py FILE RUNS (Debian's python3-statsmodels). Prints the estimates and the
# median CPU (user + system) and wall times in ms, in the format of cox.R.
import os
import sys
import time

import numpy as np
from statsmodels.duration.hazard_regression import PHReg

path, runs = sys.argv[1], int(sys.argv[2])
d = np.genfromtxt(path, delimiter=",", names=True)
X = np.column_stack([d[f"x{j}"] for j in range(1, 6)])
time_, status = d["time"], d["status"]


def fit():
    return PHReg(time_, X, status=status, ties="efron").fit()


result = fit()  # warm-up
cpu, wall = [], []
for _ in range(runs):
    c0 = os.times()
    t0 = time.perf_counter()
    result = fit()
    wall.append(time.perf_counter() - t0)
    c1 = os.times()
    cpu.append((c1.user - c0.user) + (c1.system - c0.system))
print("coef " + " ".join(f"{b:.6g}" for b in result.params))
print(f"median_cpu_ms={1000 * np.median(cpu):.1f} median_wall_ms={1000 * np.median(wall):.1f}")
