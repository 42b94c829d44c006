#!/usr/bin/env Rscript
# The fourth holdout (issue 18): every time series shipped with the R packages installed here that
# no earlier group used, chosen by a rule fixed before any result was seen, written as leptoid CSVs
# with R forecast's ets / stlf / auto.arima / snaive / thetaf forecasts from the rolling origins of
# `leptoid evaluate --origins 3` (r-forecasts-holdout4-<group>.csv: series,cut,method,step,mean).
# usage (from the project root): Rscript tools/r/holdout4.R list   (print the selection only)
#                                Rscript tools/r/holdout4.R [GROUP...] (write data and forecasts)
# R is never a dependency of the build: the outputs are committed under src/test/resources/forecast/rdatasets/.
#
# The selection rule (written before any forecast was made or scored):
#  1. Packages: every installed package (installed.packages(), alphabetical) whose DESCRIPTION
#     licence is free to copy (it mentions GPL, LGPL, MIT, BSD, Artistic, CC0, CC BY without NC/ND,
#     "Unlimited", or "Part of R": R's base packages, GPL-2 | GPL-3); others are left out and printed.
#  2. Objects: every data set the package lists (data(package = )), loaded alone; each object of
#     class ts that is univariate, and each column of a multivariate ts (not columns named time,
#     date, year, month, day or hour: time stamps).
#  3. Frequency 1, 4 or 12 (groups yearly, quarterly, monthly); 7, 24 or 52 (daily, hourly, weekly)
#     if any; other frequencies are left out.
#  4. Leading and trailing NAs dropped; a series with any NA left inside, a non-finite value, or a
#     constant value is left out.
#  5. Series over 500 points keep their last 500 (the cross-validation's line; earlier groups were
#     windowed the same way).
#  6. Length: with horizon H (yearly 10, quarterly 8, monthly 12, daily 14, weekly 13, hourly 24) and
#     season m, the first of the 3 origins must have at least max(3 m, 20) points before it
#     (n >= 3 H + max(3 m, 20)); the in-sample seasonal naive error before it must not be zero.
#  7. Not used before: objects from which any earlier group (tools/r/r-datasets-evaluation.R) took a
#     series are left out with all their columns; a series that shares a run of 24 consecutive values
#     (to 6 significant digits) with an earlier group's series or with a series already selected
#     (packages alphabetical, objects and columns in their order) is a copy and left out.
#  8. Distinct series: a series is left out when, over the time points (at least 20) it shares with
#     a series already selected of the same frequency, the correlation of their first differences --
#     of the values or of their logs (positive series), in each combination -- or of its values with
#     the other's first differences of values or logs (or the reverse) exceeds 0.99 in absolute value (the same data in
#     other units, as a log, a revision, or differenced).
suppressMessages(library(forecast))
out <- "src/test/resources/forecast/rdatasets"
used.objects <- c("AirPassengers", "USAccDeaths", "nottem", "co2", "ldeaths", "mdeaths", "fdeaths", "UKDriverDeaths",
                  "UKgas", "JohnsonJohnson", "austres", "EuStockMarkets", "Nile", "lynx", "LakeHuron", "wineind", "gas",
                  "Seatbelts", "woolyrnq", "BJsales", "sunspot.year", "WWWusage", "sunspot.month", "nhtemp", "discoveries",
                  "DutchSales", "FrozenJuice", "USMacroSWM", "UKNonDurables", "USProdIndex", "UKInflation", "USMacroSWQ",
                  "nino", "NelPlo", "bev", "lh")
groups <- list("1" = list(name = "yearly", step = 365 * 86400, h = 10),
               "4" = list(name = "quarterly", step = 91 * 86400, h = 8),
               "12" = list(name = "monthly", step = 30 * 86400, h = 12),
               "7" = list(name = "daily", step = 86400, h = 14),
               "52" = list(name = "weekly", step = 7 * 86400, h = 13),
               "24" = list(name = "hourly", step = 3600, h = 24))
free <- function(lic) !is.na(lic) && grepl("GPL|MIT|BSD|Artistic|CC0|CC BY|Unlimited|Part of R", lic) && !grepl("NC|ND", lic)
key <- function(x) signif(as.numeric(x), 6)
shares.run <- function(a, b, run = 24) { # one of a's blocks of `run` values (at 1, run + 1, ...) inside b
  if (length(a) < run || length(b) < run) return(FALSE)
  bs <- paste0(",", paste(key(b), collapse = ","), ",")
  for (i in seq(1, length(a) - run + 1, by = run))
    if (grepl(paste0(",", paste(key(a[i:(i + run - 1)]), collapse = ","), ","), bs, fixed = TRUE)) return(TRUE)
  FALSE
}
# rule 8: the same data in other units, as a log, a revision or differenced
same.data <- function(a, ta, b, tb) {
  common <- intersect(ta, tb)
  if (length(common) < 20) return(FALSE)
  a <- a[match(common, ta)]
  b <- b[match(common, tb)]
  forms <- function(x) c(list(diff(x)), if (all(x > 0)) list(diff(log(x))))
  r <- 0
  for (da in forms(a)) for (db in forms(b)) r <- max(r, abs(suppressWarnings(cor(da, db))), na.rm = TRUE)
  for (db in forms(b)) r <- max(r, abs(suppressWarnings(cor(a[-1], db))), na.rm = TRUE)
  for (da in forms(a)) r <- max(r, abs(suppressWarnings(cor(da, b[-1]))), na.rm = TRUE)
  r > 0.99
}
earlier <- lapply(list.files(out, pattern = "\\.csv$", recursive = TRUE, full.names = TRUE), function(f) {
  if (grepl("r-forecasts", f)) return(NULL)
  read.csv(f)$value
})
earlier <- Filter(Negate(is.null), earlier)

select <- function() {
  chosen <- list()
  left <- character()
  for (p in sort(rownames(installed.packages()))) {
    d <- tryCatch(data(package = p)$results, error = function(e) NULL)
    if (is.null(d) || nrow(d) == 0) next
    lic <- packageDescription(p)$License
    for (item in d[, "Item"]) {
      obj <- sub(" .*", "", item) # "name (alias)" -> name
      if (obj %in% used.objects) next
      e <- new.env()
      ok <- tryCatch({ suppressWarnings(suppressMessages(data(list = obj, package = p, envir = e))); TRUE }, error = function(err) FALSE)
      if (!ok) next
      for (o in ls(e)) {
        x <- tryCatch(get(o, envir = e), error = function(err) NULL)
        if (isS4(x) || !inherits(x, "ts")) next
        if (!free(lic)) { left <- c(left, paste(p, o, lic)); next }
        f <- frequency(x)
        g <- groups[[as.character(f)]]
        if (is.null(g)) next
        cols <- if (is.matrix(x)) colnames(x) else o
        if (is.null(cols)) cols <- paste0("V", seq_len(ncol(x)))
        for (ci in seq_along(cols)) {
          if (tolower(cols[ci]) %in% c("time", "date", "year", "month", "day", "hour")) next # time stamps, not series
          y <- if (is.matrix(x)) x[, ci] else x
          raw <- as.numeric(y)
          v <- raw
          ok <- which(!is.na(v))
          if (length(ok) == 0) next
          v <- v[min(ok):max(ok)]
          if (anyNA(v) || any(!is.finite(v)) || sd(v) == 0) next
          if (length(v) > 500) v <- tail(v, 500)
          m <- if (f > 1) f else 1
          n <- length(v)
          if (n < 3 * g$h + max(3 * m, 20)) next
          first <- n - 3 * g$h
          if (m > 1 && mean(abs(diff(v[1:first], lag = m))) == 0) next
          if (m == 1 && mean(abs(diff(v[1:first]))) == 0) next
          tt <- round(as.numeric(time(y))[min(ok):max(ok)] * f)
          tt <- tail(tt, length(v))
          if (any(sapply(chosen, function(s) s$frequency == f && same.data(v, tt, s$values, s$time)))) next
          if (any(sapply(earlier, function(b) shares.run(v, b))) ||
              any(sapply(chosen, function(s) shares.run(v, s$values) || shares.run(v, diff(s$values))))) next
          name <- gsub("[^A-Za-z0-9_]", "_", if (is.matrix(x)) paste0(o, "_", cols[ci]) else o)
          chosen[[length(chosen) + 1]] <- list(name = name, package = p, object = o, column = if (is.matrix(x)) cols[ci] else "",
                                               frequency = f, values = v, time = tt, length = n, start = time(y)[min(ok)], licence = lic)
        }
      }
    }
  }
  list(chosen = chosen, left = unique(left))
}

args <- commandArgs(trailingOnly = TRUE)
sel <- select()
cat("left out (licence):", sel$left, sep = "\n  ")
cat("\n")
for (s in sel$chosen) cat(sprintf("%s\t%s\t%s\t%s\t%d\t%d\t%s\n", s$name, s$package, s$object, s$column, s$frequency, s$length, s$licence))
if (length(args) == 1 && args[1] == "list") quit(status = 0)
start <- 946684800 # 2000-01-01T00:00:00Z: only the spacing matters
todo <- if (length(args) > 0) args else unique(sapply(sel$chosen, function(s) groups[[as.character(s$frequency)]]$name))
for (gname in todo) {
  rows <- list()
  dir <- file.path(out, "holdout4", gname)
  dir.create(dir, showWarnings = FALSE, recursive = TRUE)
  for (s in sel$chosen) {
    g <- groups[[as.character(s$frequency)]]
    if (g$name != gname) next
    y <- s$values
    n <- length(y)
    write.csv(data.frame(timestamp = format(start + (seq_len(n) - 1) * g$step, scientific = FALSE), value = y),
              file.path(dir, paste0(s$name, ".csv")), row.names = FALSE, quote = FALSE)
    for (o in 3:1) {
      cut <- n - o * g$h
      train <- ts(y[1:cut], frequency = s$frequency)
      fc <- list(
        ets = function() forecast(ets(train), h = g$h)$mean,
        stlf = function() if (frequency(train) > 1) stlf(train, h = g$h)$mean else rep(NA, g$h),
        auto.arima = function() forecast(auto.arima(train), h = g$h)$mean,
        snaive = function() snaive(train, h = g$h)$mean,
        thetaf = function() thetaf(train, h = g$h)$mean)
      for (m in names(fc)) {
        mu <- signif(tryCatch(as.numeric(fc[[m]]()), error = function(e) rep(NA, g$h)), 8) # 8 significant digits: the fixture stays small
        rows[[length(rows) + 1]] <- data.frame(series = s$name, cut = cut, method = m, step = seq_len(g$h), mean = mu)
      }
    }
    cat(gname, s$name, n, "\n")
  }
  write.csv(do.call(rbind, rows), file.path(out, paste0("r-forecasts-holdout4-", gname, ".csv")),
            row.names = FALSE, quote = FALSE, na = "NA")
}
