# Times surveillance::backprojNP on the counts written by backproject.bench.ts (case 1) and
# prints the elapsed seconds and lambda. Usage: Rscript backproject.R counts.csv pmf.csv
suppressMessages(library(surveillance))
args <- commandArgs(trailingOnly = TRUE)
counts <- read.csv(args[1])$count
pmf <- read.csv(args[2])$p
sts <- sts(observed = matrix(counts, ncol = 1), start = c(2015, 1), frequency = 12)
elapsed <- system.time(
  bp <- backprojNP(sts, pmf, control = list(k = 2, eps = rep(1e-7, 2), iter.max = rep(1000, 2), B = -1))
)[["elapsed"]]
cat(elapsed, "\n", sep = "")
cat(paste(format(as.numeric(upperbound(bp)), digits = 17), collapse = ","), "\n", sep = "")
