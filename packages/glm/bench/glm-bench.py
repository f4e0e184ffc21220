# statsmodels side of bench/glm.bench.ts: times sm.GLM(y, X, family=Binomial()).fit() (IRLS, the
# logit link) on the same data (the column-major binary file of y, x1..x10 that the TypeScript
# script writes). Runs as a server, as glm-bench.R does: after loading the data it prints
# "ready"; each input line "fit" runs one timed fit and prints {"elapsed", "cpu"} (seconds; cpu =
# user + system of this process); "coef" prints the estimates; "quit" ends.
# Usage: python3 glm-bench.py FILE ROWS (Debian's python3-statsmodels)
import json
import os
import sys
import time

import numpy as np
import statsmodels.api as sm

path, n = sys.argv[1], int(sys.argv[2])
values = np.fromfile(path, dtype="<f8", count=n * 11).reshape(11, n)
y = values[0].copy()
X = np.empty((n, 11))
X[:, 0] = 1.0
X[:, 1:] = values[1:].T
del values
fit = sm.GLM(y, X, family=sm.families.Binomial()).fit()  # warm-up
print("ready", flush=True)
for line in sys.stdin:
    line = line.strip()
    if line == "quit" or line == "":
        break
    if line == "fit":
        cpu0 = os.times()
        t0 = time.perf_counter()
        fit = sm.GLM(y, X, family=sm.families.Binomial()).fit()
        elapsed = time.perf_counter() - t0
        cpu1 = os.times()
        cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
        print(json.dumps({"elapsed": elapsed, "cpu": cpu, "iterations": int(fit.fit_history["iteration"])}), flush=True)
    elif line == "coef":
        print(json.dumps({"coefficients": [float(b) for b in fit.params]}), flush=True)
