# Times R on the design written by linalg.bench.ts: median of 5 runs; prints one JSON line.
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[2]); p <- as.integer(args[3])
values <- readBin(args[1], "double", n * p + 2 * n)
x <- matrix(values[seq_len(n * p)], n, p)
y <- values[n * p + seq_len(n)]
w <- values[n * p + n + seq_len(n)]
med <- function(f) median(replicate(5, system.time(f())[["elapsed"]]))
qr <- med(function() lm.fit(x, y))
cp <- med(function() crossprod(x, w * x))
inv <- med(function() chol2inv(chol(crossprod(x, w * x))))
cat(sprintf('{"qr": %.4f, "crossprod": %.4f, "inverse": %.4f}\n', qr, cp, inv))
