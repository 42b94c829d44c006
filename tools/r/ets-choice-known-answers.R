#!/usr/bin/env Rscript
# R's ets() on the short seasonal series of the R-datasets evaluation, at the same origins as
# `leptoid evaluate --origins 3`: for each series and origin every model of R's automatic set
# fitted alone (loglik, AICc, parameters) and which one ets() picks. Fixture of
# EtsChoiceKnownAnswerTest (issue 18: does leptoid's ETS choice agree with R's, and why not).
# usage (from the project root): Rscript tools/r/ets-choice-known-answers.R
# Reads the leptoid CSVs under src/test/resources/forecast/rdatasets (written by
# r-datasets-evaluation.R), so both sides fit exactly the same numbers.
# R is never a dependency of the build: the output is committed under src/test/resources/forecast/.
suppressMessages(library(forecast))
base <- "src/test/resources/forecast/rdatasets"
groups <- list(monthly = c(12, 12), quarterly = c(4, 8), "holdout/monthly" = c(12, 12), "holdout/quarterly" = c(4, 8),
               "holdout2/monthly" = c(12, 12), "holdout2/quarterly" = c(4, 8)) # frequency, horizon
models <- c("ANN", "AAN", "AAdN", "MNN", "MAN", "MAdN", "ANA", "AAA", "AAdA", "MNA", "MAA", "MAdA", "MNM", "MAM", "MAdM")
rows <- list()
for (g in names(groups)) {
  m <- groups[[g]][1]; h <- groups[[g]][2]
  for (file in sort(list.files(file.path(base, g), pattern = "\\.csv$"))) {
    y <- read.csv(file.path(base, g, file))$value
    n <- length(y)
    for (o in 3:1) {
      cut <- n - o * h
      tr <- ts(y[1:cut], frequency = m)
      auto <- ets(tr)
      chosen <- gsub("ETS|[(),]", "", auto$method)
      for (code in models) {
        damped <- nchar(code) == 4
        fit <- tryCatch(ets(tr, model = if (damped) paste0(substr(code, 1, 1), "A", substr(code, 4, 4)) else code, damped = damped),
                        error = function(e) NULL)
        if (is.null(fit)) next
        p <- fit$par
        get <- function(k) if (k %in% names(p)) unname(p[k]) else NA
        rows[[length(rows) + 1]] <- data.frame(group = g, series = sub("\\.csv$", "", file), period = m, cut = cut, model = code,
          chosen = code == chosen, loglik = fit$loglik, aicc = fit$aicc,
          alpha = get("alpha"), beta = get("beta"), gamma = get("gamma"), phi = get("phi"))
      }
      cat(g, file, cut, chosen, "\n")
    }
  }
}
write.csv(do.call(rbind, rows), "src/test/resources/forecast/ets-choice-known-answers.csv", row.names = FALSE, quote = FALSE, na = "NA")
writeLines(paste("R", R.version$major, R.version$minor, "forecast", as.character(packageVersion("forecast"))),
           "src/test/resources/forecast/ets-choice-known-answers.version")
