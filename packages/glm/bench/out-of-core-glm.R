# R side of out-of-core.bench.ts: builds the same data as out-of-core-data.ts (every value a fixed
# function of the row number) in memory, then times glm(y ~ x1 + ... + x10, binomial). Prints one
# JSON line: wall and CPU seconds of the fit, R's own "max used" memory during it (MB), the
# estimates. Run under /usr/bin/time -v for the whole process's peak memory.
# Usage: Rscript out-of-core-glm.R ROWS
n <- as.numeric(commandArgs(trailingOnly = TRUE)[1])
a <- 0.1 + 0.0731 * (1:12)
b <- 1.3 + 0.917 * (1:12)
i <- as.numeric(0:(n - 1))
u <- function(k) { v <- sin(i * a[k] + b[k]) * 43758.5453; v - floor(v) }
d <- data.frame(row.names = NULL)
d <- as.data.frame(lapply(1:10, function(k) 2 * u(k) - 1))
names(d) <- paste0("x", 1:10)
beta <- 0.1 * (1:10) * ifelse((1:10) %% 2 == 1, -1, 1)
eta <- -0.5 + as.vector(as.matrix(d) %*% beta)
d$y <- as.integer(u(11) < 1 / (1 + exp(-eta)))
rm(eta, i); invisible(gc(reset = TRUE))
before <- sum(gc()[, 2])
t <- system.time(fit <- glm(y ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10, family = binomial, data = d))
used <- sum(gc()[, 6]) - before
cat(sprintf('{"wall": %.3f, "cpu": %.3f, "iterations": %d, "maxUsedMb": %.1f, "coefficients": [%s]}\n',
  t[["elapsed"]], t[["user.self"]] + t[["sys.self"]], fit$iter, used,
  paste(sprintf("%.12g", coef(fit)), collapse = ", ")))
