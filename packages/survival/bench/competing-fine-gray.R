# Times cmprsk::crr (variance = TRUE, its default) on the CSV written by competing-fine-gray.bench.ts.
# Usage: Rscript competing-fine-gray.R FILE REPS. Prints one JSON line.
suppressMessages(library(cmprsk))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
reps <- as.integer(args[2])
times <- numeric(reps)
for (r in seq_len(reps)) {
  times[r] <- system.time(fit <- crr(d$time, d$event, cbind(x1 = d$x1, x2 = d$x2, x3 = d$x3),
    failcode = 1, cencode = 0))[["elapsed"]]
}
cat(sprintf('{"seconds": %.6f, "runs": [%s], "coef": [%s], "se": [%s], "loglik": %.15g}\n',
  median(times), paste(sprintf("%.4f", times), collapse = ", "),
  paste(sprintf("%.15g", fit$coef), collapse = ", "), paste(sprintf("%.15g", sqrt(diag(fit$var))), collapse = ", "),
  fit$loglik))
