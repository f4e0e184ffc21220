# Times R rendering bench/demo.Rmd (the demo notebook's analysis as R Markdown) to a
# self-contained HTML file with rmarkdown::render, in fresh Rscript processes: cold (empty knitr
# cache) and with knitr's cache. Prints medians as one JSON line (seconds).
#   Rscript bench/render.R [runs]
args <- commandArgs(trailingOnly = TRUE)
runs <- if (length(args) > 0) as.integer(args[1]) else 5
file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
here <- normalizePath(dirname(sub("^--file=", "", file_arg)))
out <- file.path(tempdir(), "muster-rmd")
cache <- file.path(out, "cache/")
Sys.setenv(RMD_CACHE = cache, LYALL_CSV = normalizePath(file.path(here, "../../../notebooks/data/lyall_synthetic.csv")))

once <- function() {
  code <- sprintf(
    "t <- system.time(rmarkdown::render('%s', output_dir = '%s', intermediates_dir = '%s', quiet = TRUE, clean = FALSE, envir = new.env()))[['elapsed']]; cat(t)",
    file.path(here, "demo.Rmd"), out, out
  )
  start <- Sys.time()
  result <- system2("Rscript", c("-e", shQuote(code)), stdout = TRUE)
  stopifnot(is.null(attr(result, "status")))
  wall <- as.numeric(difftime(Sys.time(), start, units = "secs"))
  stopifnot(file.exists(file.path(out, "demo.html")))
  c(render = as.numeric(tail(result, 1)), wall = wall)
}

cold <- matrix(NA, runs, 2)
cached <- matrix(NA, runs, 2)
for (i in seq_len(runs)) {
  unlink(out, recursive = TRUE)
  dir.create(out, recursive = TRUE)
  cold[i, ] <- once()
  cached[i, ] <- once()
}
unlink(out, recursive = TRUE)
cat(sprintf('{"cold": %.4f, "wall_cold": %.4f, "cache": %.4f, "wall_cache": %.4f}\n',
            median(cold[, 1]), median(cold[, 2]), median(cached[, 1]), median(cached[, 2])))
