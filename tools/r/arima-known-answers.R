#!/usr/bin/env Rscript
# Known answers for leptoid's ARIMA (dev.leptoid.forecast.Arima) from R 4.2 / forecast 8.20:
# Orders are written as seven digits p d q P D Q constant (e.g. 1110000 = ARIMA(1,1,1) without constant).
# * fixed orders fitted by Arima(..., method = "ML" and "CSS-ML"): coefficients, sigma^2 (stats::arima's,
#   sum of squared standardised innovations / n.used), log-likelihood, AICc and the point forecasts and
#   80 % bounds of forecast(..., h = 10);
# * the KPSS statistic (urca::ur.kpss, R's lag choice), ndiffs() (KPSS at 5 %), the seasonal strength and nsdiffs() (strength >= 0.64) and auto.arima()'s chosen order
#   (p, d, q, P, D, Q, constant) with its AICc.
# usage (from the project root): Rscript tools/r/arima-known-answers.R
# R is never a dependency of the build: the outputs are committed under src/test/resources/forecast/.
suppressMessages(library(forecast))
out <- "src/test/resources/forecast"
rows <- list()
add <- function(s, key, value) rows[[length(rows) + 1]] <<- data.frame(series = s, key = key, value = value)
data <- list(WWWusage = WWWusage, LakeHuron = LakeHuron, lynx = lynx, Nile = Nile,
             USAccDeaths = USAccDeaths, AirPassengers = AirPassengers, UKgas = UKgas)
for (s in names(data)) {
  f <- file.path(out, paste0(s, ".csv"))
  if (!file.exists(f)) write.csv(data.frame(value = as.numeric(data[[s]])), f, row.names = FALSE)
}
fixed <- list(
  list(id = "WWWusage.111", s = "WWWusage", order = c(1, 1, 1), seasonal = c(0, 0, 0), constant = FALSE),
  list(id = "WWWusage.111drift", s = "WWWusage", order = c(1, 1, 1), seasonal = c(0, 0, 0), constant = TRUE),
  list(id = "LakeHuron.200", s = "LakeHuron", order = c(2, 0, 0), seasonal = c(0, 0, 0), constant = TRUE),
  list(id = "LakeHuron.101", s = "LakeHuron", order = c(1, 0, 1), seasonal = c(0, 0, 0), constant = TRUE),
  list(id = "lynx.203", s = "lynx", order = c(2, 0, 3), seasonal = c(0, 0, 0), constant = TRUE),
  list(id = "Nile.011", s = "Nile", order = c(0, 1, 1), seasonal = c(0, 0, 0), constant = FALSE),
  list(id = "USAccDeaths.011011", s = "USAccDeaths", order = c(0, 1, 1), seasonal = c(0, 1, 1), constant = FALSE),
  list(id = "AirPassengers.100010drift", s = "AirPassengers", order = c(1, 0, 0), seasonal = c(0, 1, 0), constant = TRUE),
  list(id = "UKgas.110110", s = "UKgas", order = c(1, 1, 0), seasonal = c(1, 1, 0), constant = FALSE))
for (c in fixed) for (method in c("ML", "CSS-ML")) {
  y <- data[[c$s]]
  fit <- Arima(y, order = c$order, seasonal = c$seasonal, include.constant = c$constant, method = method)
  id <- paste0(c$id, ".", method)
  add(id, "order", paste(c(c$order, c$seasonal, as.integer(c$constant)), collapse = ""))
  for (k in names(coef(fit))) add(id, paste0("coef.", k), coef(fit)[[k]])
  add(id, "sigma2", fit$sigma2)
  add(id, "loglik", fit$loglik)
  add(id, "aicc", fit$aicc)
  fc <- forecast(fit, h = 10, level = 80)
  for (k in 1:10) {
    add(id, paste0("mean.", k), fc$mean[k])
    add(id, paste0("lower.", k), fc$lower[k])
    add(id, paste0("upper.", k), fc$upper[k])
  }
}
for (s in names(data)) {
  y <- data[[s]]
  add(s, "ndiffs", ndiffs(y))
  add(s, "kpss", urca::ur.kpss(as.numeric(y), type = "mu", use.lag = trunc(3 * sqrt(length(y)) / 13))@teststat)
  add(s, "kpss.diff", urca::ur.kpss(diff(as.numeric(y)), type = "mu", use.lag = trunc(3 * sqrt(length(y) - 1) / 13))@teststat)
  if (frequency(y) > 1) {
    add(s, "nsdiffs", nsdiffs(y))
    add(s, "seas.strength", forecast:::seas.heuristic(y))
    add(s, "ndiffs.after.nsdiffs", if (nsdiffs(y) > 0) ndiffs(diff(y, lag = frequency(y))) else ndiffs(y))
  }
  fit <- auto.arima(y)
  a <- fit$arma # p, q, P, Q, m, d, D
  add(s, "auto.order", paste(c(a[1], a[6], a[2], a[3], a[7], a[4], as.integer(any(names(coef(fit)) %in% c("drift", "intercept")))), collapse = ""))
  add(s, "auto.aicc", fit$aicc)
}
write.csv(do.call(rbind, rows), file.path(out, "arima-known-answers.csv"), row.names = FALSE, quote = FALSE)
writeLines(paste("R", R.version$major, R.version$minor, "forecast", packageVersion("forecast")),
           file.path(out, "arima-known-answers.version"))
