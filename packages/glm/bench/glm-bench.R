# R side of bench/glm.bench.ts: times glm(y ~ ., binomial) on the same data (a column-major
# binary file of y, x1..x10 written by the TypeScript script). Runs as a server so the two
# languages can be timed in alternation: after loading the data it prints "ready"; each input
# line "fit" runs one timed glm and prints {"elapsed", "cpu"} (seconds; cpu = user + system of
# this process); "memory" prints R's extra "max used" memory (MB) during one fit; "coef" prints
# the estimates; "quit" ends.
# Usage: Rscript glm-bench.R FILE ROWS
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]
n <- as.integer(args[2])
values <- readBin(file, "double", n = n * 11)
d <- as.data.frame(matrix(values, nrow = n, ncol = 11))
names(d) <- c("y", paste0("x", 1:10))
rm(values)
invisible(gc())
fit <- glm(y ~ ., family = binomial, data = d)  # warm-up
cat("ready\n")
con <- file("stdin")
open(con)
repeat {
  line <- readLines(con, n = 1)
  if (length(line) == 0 || line == "quit") break
  if (line == "fit") {
    t <- system.time(fit <- glm(y ~ ., family = binomial, data = d))
    cat(sprintf('{"elapsed": %.4f, "cpu": %.4f, "iterations": %d}\n', t[["elapsed"]], t[["user.self"]] + t[["sys.self"]], fit$iter))
  } else if (line == "memory") {
    invisible(gc(reset = TRUE))
    before <- sum(gc()[, 2])
    fit <- glm(y ~ ., family = binomial, data = d)
    cat(sprintf('{"maxUsedMb": %.1f}\n', sum(gc()[, 6]) - before))
  } else if (line == "coef") {
    cat(sprintf('{"coefficients": [%s]}\n', paste(sprintf("%.17g", coef(fit)), collapse = ", ")))
  }
}
