# Times R's survfit on the benchmark data: Rscript km.R FILE RUNS
# Prints median CPU (user + system) and wall times in ms.
library(survival)
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
runs <- as.integer(args[2])
fit <- survfit(Surv(time, status) ~ group, data = d)  # warm-up
times <- replicate(runs, system.time(survfit(Surv(time, status) ~ group, data = d)))
print(fit)
cat(sprintf("median_cpu_ms=%.1f median_wall_ms=%.1f\n",
            1000 * median(times["user.self", ] + times["sys.self", ]),
            1000 * median(times["elapsed", ])))
