#!/usr/bin/env Rscript
# R forecast's own forecasts of the bundled NAB realAWSCloudwatch traces from the origins of
# `leptoid evaluate --origins 3` (the default evaluation set, issue 18), for `evaluate --reference`:
# the per-series comparison the issue asks for on NAB ("no series worse than 1.2x R's best").
# usage (from the project root): Rscript tools/r/nab.R
# writes src/test/resources/forecast/rdatasets/r-forecasts-nab.csv (series,cut,method,step,mean).
# Needs R with the forecast package (Debian: apt-get install r-base-core r-cran-forecast); never a
# dependency of the build.
#
# The series are the ones `evaluate` sees: each file put on its grid as leptoid's reader does
# (TimeSeriesCsv.regularize: rows sorted by time, the step the most common spacing, ties to the
# smaller; timestamps rounded half up to the grid from the first row; rows sharing a slot averaged;
# slots without a row missing), so a cut (points before the origin) is the same point in both.
# Missing slots are filled by forecast::na.interp (R's own way; leptoid fills its own gaps by its rule).
# Origins: cut = n - o H, o = 3, 2, 1, H = one day of steps (288); `evaluate` with 1 origin uses o = 1.
#   ets         ts(frequency = 288): R's ets() ignores seasons over 24 and fits a non-seasonal model
#               (what a user of ets() gets on 5-minute data)
#   stlf        msts(c(288, 2016)): mstl drops the week where there are not two cycles of it
#   auto.arima  ts(frequency = 288), seasonal = FALSE (a seasonal search at m = 288 is not practical;
#               as r-datasets-evaluation.R for m = 260 and shapes.R for m = 48)
#   snaive      ts(frequency = 288)
# No tbats: minutes per fit on 4,000 points (shapes.R), 51 fits.
suppressMessages(library(forecast))
out <- "src/test/resources/forecast/rdatasets/r-forecasts-nab.csv"
dir <- "src/main/resources/dev/leptoid/data/nab/realAWSCloudwatch"

regularize <- function(path) {
  d <- read.csv(path)
  t <- as.numeric(as.POSIXct(d$timestamp, tz = "UTC", format = "%Y-%m-%d %H:%M:%S"))
  o <- order(t, method = "radix") # stable, as leptoid's sort
  t <- t[o]; v <- d$value[o]
  gaps <- diff(t); gaps <- gaps[gaps > 0]
  counts <- table(gaps)
  step <- min(as.numeric(names(counts)[counts == max(counts)]))
  slot <- floor((t - t[1]) / step + 0.5) + 1
  n <- max(slot)
  y <- rep(NA_real_, n)
  m <- tapply(v, slot, mean)
  y[as.integer(names(m))] <- as.numeric(m)
  list(y = y, step = step)
}

h <- 288
rows <- list()
for (f in sort(list.files(dir, pattern = "\\.csv$"))) {
  name <- sub("\\.csv$", "", f)
  s <- regularize(file.path(dir, f))
  if (s$step != 300) stop(paste(f, "has step", s$step))
  y <- s$y
  n <- length(y)
  for (o in 3:1) {
    cut <- n - o * h
    train <- as.numeric(na.interp(ts(y[1:cut], frequency = h)))
    x <- ts(train, frequency = h)
    fc <- list(
      ets = function() forecast(suppressWarnings(ets(x)), h = h)$mean,
      stlf = function() stlf(msts(train, seasonal.periods = c(h, 7 * h)), h = h)$mean,
      auto.arima = function() forecast(auto.arima(x, seasonal = FALSE), h = h)$mean,
      snaive = function() snaive(x, h = h)$mean)
    for (m in names(fc)) {
      t0 <- Sys.time()
      mu <- signif(tryCatch(as.numeric(fc[[m]]()), error = function(e) { cat("  ", m, "failed:", conditionMessage(e), "\n"); rep(NA, h) }), 7)
      rows[[length(rows) + 1]] <- data.frame(series = name, cut = cut, method = m, step = seq_len(h), mean = mu)
      cat(sprintf("%s n %d cut %d %s %.1f s\n", name, n, cut, m, as.numeric(Sys.time() - t0, units = "secs")))
    }
  }
  write.csv(do.call(rbind, rows), out, row.names = FALSE, quote = FALSE, na = "NA") # after each series
}
