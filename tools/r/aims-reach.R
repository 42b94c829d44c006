#!/usr/bin/env Rscript
# Would R's own automatic methods meet issue 18's aims? (issue 18, session 8)
# The aims ask of leptoid's `auto`: (a) a mean MASE at most R's best automatic method's (ets, stlf,
# auto.arima) in every group, and (b) no series worse than 1.2x R's best on that series. This puts each
# of the four automatic forecasters -- auto, R's ets, stlf and auto.arima -- in auto's place in turn and
# holds it to the same two aims, twice: against the other three (for auto: exactly R's three, the issue's
# aims), and for R's methods against R's other methods only. If R's own methods miss the aims as often as
# auto does, the aims ask for more than any one automatic method reaches (a bound, like the perfect forecast
# of issue 17).
# A method that is not defined for a group (stlf without a season) is left out of that group.
# Reads saved outputs of `leptoid evaluate ... --reference r-forecasts-GROUP.csv DIR` as DIR/GROUP.txt.
# usage: Rscript tools/r/aims-reach.R DIR GROUP...
lines <- readLines("tools/r/paired-judge.R")
eval(parse(text = lines[grep("^read.evaluate", lines):(grep("^args <-", lines) - 1)]))
a <- commandArgs(TRUE); dir <- a[1]; groups <- a[-1]
ms <- c("auto", "R:ets", "R:stlf", "R:arima")
# field "all": each method against the other three (for auto: R's three, the issue's aims; for an R method:
# auto and R's other two). field "R": an R method against R's other methods only (auto left out of the field).
for (fieldset in c("all", "R")) {
cat(sprintf("\n== field: %s ==\n", if (fieldset == "all") "the other three methods" else "R's other methods only (auto not in the field)"))
met <- setNames(rep(0, 4), ms); groups.of <- setNames(rep(0, 4), ms)
over <- setNames(rep(0, 4), ms); series.of <- setNames(rep(0, 4), ms)
cat(sprintf("%-20s %4s | %s\n", "group", "n", paste(sprintf("%-26s", ms), collapse = " ")))
for (g in groups) {
  b <- read.evaluate(file.path(dir, paste0(g, ".txt")))
  v <- sapply(ms, function(m) sapply(b, function(x) if (m %in% names(x)) x[[m]] else NA))
  v <- matrix(v, ncol = length(ms), dimnames = list(names(b), ms))
  defined <- ms[colSums(is.na(v)) == 0]
  cells <- sapply(ms, function(m) {
    if (!(m %in% defined)) return(sprintf("%-26s", "-"))
    field <- setdiff(defined, c(m, if (fieldset == "R") "auto"))
    means <- colMeans(v[, field, drop = FALSE])
    best <- apply(v[, field, drop = FALSE], 1, min)
    ratio <- ifelse(abs(v[, m] - best) < 1e-9, 1, v[, m] / pmax(best, 1e-12))
    ok <- mean(v[, m]) <= min(means) + 1e-12
    met[m] <<- met[m] + ok; groups.of[m] <<- groups.of[m] + 1
    over[m] <<- over[m] + sum(ratio > 1.2); series.of[m] <<- series.of[m] + nrow(v)
    sprintf("%7.3f %-4s >1.2x: %2d/%-3d ", mean(v[, m]), if (ok) "met" else "not", sum(ratio > 1.2), nrow(v))
  })
  cat(sprintf("%-20s %4d | %s\n", g, nrow(v), paste(cells, collapse = " ")))
}
cat(sprintf("%-20s %4s | %s\n", "aim (a) met in", "",
            paste(sprintf("%-26s", sprintf("%d of %d groups", met, groups.of)), collapse = " ")))
cat(sprintf("%-20s %4s | %s\n", "series over 1.2x", "",
            paste(sprintf("%-26s", sprintf("%d of %d (%.0f %%)", over, series.of, 100 * over / series.of)), collapse = " ")))
}
# Per series, pooled over the groups given: auto against each R method, and R's auto.arima against R's ets
# (two-sided Wilcoxon signed-rank test of the log ratios; equal series dropped; a method not defined for a
# group leaves that group's series out of its pair).
cat("\n== per series, pooled over the groups given ==\n")
pool <- do.call(rbind, lapply(groups, function(g) {
  b <- read.evaluate(file.path(dir, paste0(g, ".txt")))
  t(sapply(b, function(x) sapply(c(ms, "R:snaive"), function(m) if (m %in% names(x)) x[[m]] else NA)))
}))
for (p in list(c("auto", "R:arima"), c("auto", "R:ets"), c("auto", "R:stlf"), c("auto", "R:snaive"), c("R:arima", "R:ets"))) {
  u <- pool[, p[1]]; v <- pool[, p[2]]; ok <- !is.na(u) & !is.na(v)
  r <- log(pmax(u[ok], 1e-6) / pmax(v[ok], 1e-6)); nz <- abs(r) > 1e-9
  cat(sprintf("%s against %s: %d series, better on %d, worse on %d, Wilcoxon p %.4f\n", p[1], p[2], sum(ok),
              sum(r < -1e-9), sum(r > 1e-9), suppressWarnings(wilcox.test(r[nz]))$p.value))
}
