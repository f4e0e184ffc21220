# What `muster glm DATA --formula F --family binomial --vcov cluster --cluster war` prints, in R:
# the logistic regression, coefficients with CR1 errors clustered by war (sandwich::vcovCL, HC1),
# and Wald intervals; with `profile` as the first argument also the profile-likelihood intervals
# (MASS's confint, as muster's default output). Run by startup.bench.mjs as a whole Rscript process.
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages({
  library(sandwich)
  library(lmtest)
})
d <- read.csv(args[2])
fit <- glm(mass_desertion ~ inequality + log(troops) + regime + initiator,
  family = binomial, data = d)
v <- vcovCL(fit, cluster = ~war, type = "HC1")
print(coeftest(fit, vcov. = v))
print(coefci(fit, vcov. = v))
if (args[1] == "profile") print(suppressMessages(confint(fit)))
