# R side of bench/glm.bench.ts: times glm(y ~ ., binomial) on the same data (a column-major
# binary file of y, x1..x10 written by the TypeScript script). Prints JSON on stdout:
# seconds of each run, coefficients, iterations and R's "max used" memory (MB) during one fit.
# Usage: Rscript glm-bench.R FILE ROWS RUNS
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]
n <- as.integer(args[2])
runs <- as.integer(args[3])
values <- readBin(file, "double", n = n * 11)
d <- as.data.frame(matrix(values, nrow = n, ncol = 11))
names(d) <- c("y", paste0("x", 1:10))
rm(values)
invisible(gc())
fit <- glm(y ~ ., family = binomial, data = d)  # warm-up
seconds <- numeric(runs)
for (r in seq_len(runs)) seconds[r] <- system.time(fit <- glm(y ~ ., family = binomial, data = d))[["elapsed"]]
invisible(gc(reset = TRUE))
before <- sum(gc()[, 2])
fit <- glm(y ~ ., family = binomial, data = d)
after <- gc()
max_used <- sum(after[, 6]) - before
cat(sprintf('{"seconds": [%s], "coefficients": [%s], "iterations": %d, "maxUsedMb": %.1f}\n',
            paste(seconds, collapse = ", "), paste(sprintf("%.17g", coef(fit)), collapse = ", "),
            fit$iter, max_used))
