# Times R's survfit (Aalen-Johansen with infinitesimal-jackknife standard errors, survival 3.5) on
# the CSV written by competing-aalen-johansen.bench.ts. Usage: Rscript competing-aalen-johansen.R FILE REPS
# Prints one JSON line: median elapsed seconds and check values.
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
reps <- as.integer(args[2])
times <- numeric(reps)
for (r in seq_len(reps)) {
  times[r] <- system.time(fit <- survfit(Surv(time, factor(event, 0:2)) ~ 1, data = d))[["elapsed"]]
}
k <- length(fit$time)
cat(sprintf('{"seconds": %.6f, "runs": [%s], "ntime": %d, "cif1": %.15g, "cif2": %.15g, "se1": %.15g}\n',
  median(times), paste(sprintf("%.4f", times), collapse = ", "), k, fit$pstate[k, 2], fit$pstate[k, 3], fit$std.err[k, 2]))
