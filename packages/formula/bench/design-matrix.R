# R side of bench/design-matrix.bench.ts: time model.matrix(y ~ ., df) on the same CSV.
# Usage: Rscript design-matrix.R DATA.csv [runs]
args <- commandArgs(trailingOnly = TRUE)
runs <- if (length(args) > 1) as.integer(args[2]) else 7L
df <- read.csv(args[1], stringsAsFactors = TRUE)
for (i in 1:3) invisible(model.matrix(y ~ ., df))  # warm-up, as on the JavaScript side
timing <- vapply(seq_len(runs), function(i) {
  gc()
  t <- system.time(m <<- model.matrix(y ~ ., df))
  c(t[["elapsed"]], t[["user.self"]] + t[["sys.self"]])
}, c(0, 0))
times <- timing[1, ]
cpu <- timing[2, ]
stopifnot(ncol(m) == 19, nrow(m) == nrow(df))
cat(sprintf("R model.matrix: %.3f s  [%s]\n", median(times), paste(sprintf("%.3f", times), collapse = ", ")))
cat(sprintf("R model.matrix CPU time: %.3f s  [%s]\n", median(cpu), paste(sprintf("%.3f", cpu), collapse = ", ")))
floor <- vapply(seq_len(runs), function(i) {
  gc()
  system.time(z <- matrix(1, nrow(df), 19))[["elapsed"]]
}, 0)
cat(sprintf("R floor, matrix(1, %d, 19): %.3f s\n", nrow(df), median(floor)))
