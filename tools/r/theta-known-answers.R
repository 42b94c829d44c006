#!/usr/bin/env Rscript
# Known answers for leptoid's Theta method (dev.leptoid.forecast.Theta) from R forecast's thetaf():
# whether its seasonality test finds a season, SES's alpha and fitted initial level, the drift (half
# the least-squares slope of the adjusted data), the seasonal factors used and the point forecasts.
# Series with a season its test finds (AirPassengers, USAccDeaths: m = 12; UKgas: m = 4) and two
# without frequency, so without season (WWWusage, Nile).
# usage (from the project root): Rscript tools/r/theta-known-answers.R
# R is never a dependency of the build: the outputs are committed under src/test/resources/forecast/.
suppressMessages(library(forecast))
out <- "src/test/resources/forecast"
series <- list(AirPassengers = AirPassengers, USAccDeaths = USAccDeaths, UKgas = UKgas, WWWusage = WWWusage, Nile = Nile)
rows <- list()
add <- function(s, key, value) rows[[length(rows) + 1]] <<- data.frame(series = s, key = key, value = value)
for (s in names(series)) {
  y <- series[[s]]
  if (!file.exists(file.path(out, paste0(s, ".csv"))))
    write.csv(data.frame(value = as.numeric(y)), file.path(out, paste0(s, ".csv")), row.names = FALSE)
  h <- 2 * max(frequency(y), 5)
  fc <- thetaf(y, h = h, level = 80)
  add(s, "period", frequency(y))
  add(s, "seasonal", as.numeric(!isTRUE(all.equal(as.numeric(fc$fitted), as.numeric(ses(y, h = 1)$fitted)))))
  add(s, "alpha", as.numeric(fc$model$alpha))
  add(s, "drift", as.numeric(fc$model$drift))
  for (k in seq_len(h)) add(s, paste0("mean.", k), as.numeric(fc$mean)[k])
  for (k in seq_len(h)) add(s, paste0("lower.", k), as.numeric(fc$lower)[k])
}
write.csv(do.call(rbind, rows), file.path(out, "theta-known-answers.csv"), row.names = FALSE, quote = FALSE)
writeLines(paste("R", R.version$major, R.version$minor, "forecast", as.character(packageVersion("forecast"))),
           file.path(out, "theta-known-answers.version"))
