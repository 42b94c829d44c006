#!/usr/bin/env Rscript
# Known answers for leptoid's AR(p) (dev.leptoid.forecast.Ar) from R's lm(): conditional least
# squares of y[t] on an intercept and y[t-1..t-p] over the same points for every order
# (t > pmax, pmax = min(floor(10 log10 n), (n - 1) %/% 3), R's ar() default order.max capped at
# a third of the data), AICc of the likelihood put on ETS's footing: lik = n log(SSE n / N),
# k = p + 2 parameters (coefficients, mean, variance), AICc = lik + 2k + 2k(k + 1) / (n - k - 1).
# usage (from the project root): Rscript tools/r/ar-known-answers.R
# R is never a dependency of the build: the outputs are committed under src/test/resources/forecast/.
out <- "src/test/resources/forecast"
# USAccDeaths and AirPassengers (monthly): AR with seasonal lags, as the cross-validated choice offers it
series <- list(lynx = lynx, Nile = Nile, LakeHuron = LakeHuron, WWWusage = WWWusage,
               USAccDeaths = USAccDeaths, AirPassengers = AirPassengers)
rows <- list()
add <- function(s, key, value) rows[[length(rows) + 1]] <<- data.frame(series = s, key = key, value = value)
for (s in names(series)) {
  y <- as.numeric(series[[s]])
  if (!file.exists(file.path(out, paste0(s, ".csv"))))
    write.csv(data.frame(value = y), file.path(out, paste0(s, ".csv")), row.names = FALSE)
  n <- length(y); pmax <- min(floor(10 * log10(n)), (n - 1) %/% 3); N <- n - pmax
  Y <- y[(pmax + 1):n]
  best <- NULL
  for (p in 0:pmax) {
    fit <- if (p == 0) lm(Y ~ 1) else lm(Y ~ sapply(1:p, function(j) y[(pmax + 1 - j):(n - j)]))
    sse <- sum(resid(fit)^2); k <- p + 2
    aicc <- n * log(sse * n / N) + 2 * k + 2 * k * (k + 1) / (n - k - 1)
    if (N - p - 3 <= 0) next
    add(s, paste0("aicc.", p), aicc)
    if (is.null(best) || aicc < best$aicc) best <- list(p = p, aicc = aicc, coef = as.numeric(coef(fit)), sigma2 = sse / (N - p - 1))
  }
  add(s, "order", best$p)
  add(s, "sigma2", best$sigma2)
  for (j in seq_along(best$coef)) add(s, paste0("coef.", j - 1), best$coef[j])
}
write.csv(do.call(rbind, rows), file.path(out, "ar-known-answers.csv"), row.names = FALSE, quote = FALSE)
writeLines(paste("R", R.version$major, R.version$minor), file.path(out, "ar-known-answers.version"))
