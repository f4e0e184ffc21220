# R side of bench/design-matrix.bench.ts: time model.matrix(y ~ ., df) on the same CSV.
# Usage: Rscript design-matrix.R DATA.csv [runs]
args <- commandArgs(trailingOnly = TRUE)
runs <- if (length(args) > 1) as.integer(args[2]) else 7L
df <- read.csv(args[1], stringsAsFactors = TRUE)
invisible(model.matrix(y ~ ., df))  # warm-up
times <- vapply(seq_len(runs), function(i) {
  gc()
  system.time(m <<- model.matrix(y ~ ., df))[["elapsed"]]
}, 0)
stopifnot(ncol(m) == 19, nrow(m) == nrow(df))
cat(sprintf("R model.matrix: %.3f s  [%s]\n", median(times), paste(sprintf("%.3f", times), collapse = ", ")))
