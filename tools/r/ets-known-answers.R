#!/usr/bin/env Rscript
# Produces the known-answer fixtures for leptoid's ETS tests from R's forecast::ets().
# usage (from the project root): Rscript tools/r/ets-known-answers.R
# Needs R with the forecast package (Debian: apt-get install r-base-core r-cran-forecast).
# R is never a dependency of the build: the outputs are committed under src/test/resources/forecast/.
suppressMessages(library(forecast))
out <- "src/test/resources/forecast"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

series <- list(
  WWWusage = WWWusage,          # 100 points, no season
  Nile = Nile,                  # 100 points, no season
  USAccDeaths = USAccDeaths,    # 72 points, monthly (m = 12)
  AirPassengers = AirPassengers # 144 points, monthly, multiplicative season
)
models <- list(
  WWWusage = c("ANN", "AAN", "AAdN", "MNN", "MAdN"),
  Nile = c("ANN", "MNN", "AAdN"),
  USAccDeaths = c("ANA", "AAdA", "MNA", "MNM"),
  AirPassengers = c("MAM", "MNM", "ANA", "MAdM")
)
h <- 12
rows <- list()
add <- function(s, model, key, value) rows[[length(rows) + 1]] <<- data.frame(series = s, model = model, key = key, value = value)
for (s in names(series)) {
  y <- series[[s]]
  write.csv(data.frame(value = as.numeric(y)), file.path(out, paste0(s, ".csv")), row.names = FALSE)
  add(s, "", "period", frequency(y))
  fits <- lapply(models[[s]], function(m) {
    damped <- nchar(m) == 4
    code <- if (damped) paste0(substr(m, 1, 1), "A", substr(m, 4, 4)) else m
    ets(y, model = code, damped = damped)
  })
  names(fits) <- models[[s]]
  fits[["auto"]] <- ets(y)
  for (m in names(fits)) {
    fit <- fits[[m]]
    label <- if (m == "auto") paste0("auto:", gsub("[(),]", "", fit$method)) else m
    p <- fit$par
    for (k in c("alpha", "beta", "gamma", "phi", "l", "b"))
      add(s, label, k, if (k %in% names(p)) unname(p[k]) else NA)
    st <- fit$initstate # l, b, s0..s(m-1): R's fitted initial states
    for (k in names(st)) add(s, label, paste0("init.", k), unname(st[k]))
    add(s, label, "loglik", fit$loglik)
    add(s, label, "aic", fit$aic)
    add(s, label, "aicc", fit$aicc)
    add(s, label, "bic", fit$bic)
    add(s, label, "sigma2", fit$sigma2)
    fc <- forecast(fit, h = h, level = 80)
    for (i in 1:h) {
      add(s, label, paste0("mean.", i), as.numeric(fc$mean)[i])
      add(s, label, paste0("lower.", i), as.numeric(fc$lower)[i])
      add(s, label, paste0("upper.", i), as.numeric(fc$upper)[i])
    }
  }
}
res <- do.call(rbind, rows)
write.csv(res, file.path(out, "ets-known-answers.csv"), row.names = FALSE, na = "NA")
writeLines(c(paste("R", R.version$major, R.version$minor, "forecast", as.character(packageVersion("forecast")))),
           file.path(out, "ets-known-answers.version"))
cat("wrote", nrow(res), "rows\n")

# STL known answers: R's stl() on nottem (monthly, 240 points), plain and robust.
for (robust in c(FALSE, TRUE)) {
  d <- stl(nottem, s.window = 11, robust = robust)$time.series
  write.csv(data.frame(value = as.numeric(nottem), seasonal = as.numeric(d[, "seasonal"]), trend = as.numeric(d[, "trend"])),
            file.path(out, paste0("stl-nottem", if (robust) "-robust" else "", ".csv")), row.names = FALSE)
}
