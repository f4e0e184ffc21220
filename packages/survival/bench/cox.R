# Times R's coxph (Efron) on the benchmark data: Rscript cox.R FILE RUNS
# Prints median CPU (user + system) and wall times in ms.
library(survival)
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
runs <- as.integer(args[2])
fit <- coxph(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5, data = d)  # warm-up
times <- replicate(runs, system.time(
  coxph(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5, data = d)))
cat(sprintf("coef %s\n", paste(signif(coef(fit), 6), collapse = " ")))
cat(sprintf("median_cpu_ms=%.1f median_wall_ms=%.1f\n",
            1000 * median(times["user.self", ] + times["sys.self", ]),
            1000 * median(times["elapsed", ])))
