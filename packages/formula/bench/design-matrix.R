# R side of bench/design-matrix.bench.ts: time model.matrix(y ~ ., df) on the same CSV.
# Usage: Rscript design-matrix.R DATA.csv [runs]   times `runs` calls and prints the medians;
#        Rscript design-matrix.R DATA.csv serve    times one call per line `time` read from stdin
#          and answers `elapsed cpu` (seconds), `floor` times matrix(1, n, 19); the benchmark
#          uses this to alternate R's calls with its own, so that both see the same load.
args <- commandArgs(trailingOnly = TRUE)
df <- read.csv(args[1], stringsAsFactors = TRUE)
for (i in 1:3) invisible(model.matrix(y ~ ., df))  # warm-up, as on the JavaScript side
timed <- function() {
  gc()
  t <- system.time(m <- model.matrix(y ~ ., df))
  stopifnot(ncol(m) == 19, nrow(m) == nrow(df))
  c(t[["elapsed"]], t[["user.self"]] + t[["sys.self"]])
}
floor_time <- function() {
  gc()
  system.time(z <- matrix(1, nrow(df), 19))[["elapsed"]]
}
if (length(args) > 1 && args[2] == "serve") {
  con <- file("stdin")
  open(con)
  cat("ready\n")
  flush(stdout())
  while (length(command <- readLines(con, n = 1)) > 0) {
    if (command == "time") {
      t <- timed()
      cat(sprintf("%.6f %.6f\n", t[1], t[2]))
    } else if (command == "floor") {
      cat(sprintf("%.6f\n", floor_time()))
    } else {
      break
    }
    flush(stdout())
  }
  quit(save = "no")
}
runs <- if (length(args) > 1) as.integer(args[2]) else 7L
timing <- vapply(seq_len(runs), function(i) timed(), c(0, 0))
times <- timing[1, ]
cpu <- timing[2, ]
cat(sprintf("R model.matrix: %.3f s  [%s]\n", median(times), paste(sprintf("%.3f", times), collapse = ", ")))
cat(sprintf("R model.matrix CPU time: %.3f s  [%s]\n", median(cpu), paste(sprintf("%.3f", cpu), collapse = ", ")))
floor <- vapply(seq_len(runs), function(i) floor_time(), 0)
cat(sprintf("R floor, matrix(1, %d, 19): %.3f s\n", nrow(df), median(floor)))
