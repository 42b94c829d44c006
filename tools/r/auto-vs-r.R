#!/usr/bin/env Rscript
# `auto` against R per group (issue 18, holdout4): reads saved outputs of
# `leptoid evaluate ... --reference r-forecasts-GROUP.csv DIR` (DIR/GROUP.txt) and prints per group the
# mean and median MASE of auto, each R method's mean, R's best automatic method (ets, stlf, auto.arima; tbats where given)
# per series, how many series auto is at least as good on, how many are over 1.2x R's best (the worst
# three), the geometric mean of auto / R's best, and auto against R's best single method by mean:
# series better / worse and the two-sided Wilcoxon signed-rank p of the log ratios.
# usage: Rscript tools/r/auto-vs-r.R DIR GROUP...
lines <- readLines("tools/r/paired-judge.R")
eval(parse(text = lines[grep("^read.evaluate", lines):(grep("^args <-", lines) - 1)]))
a <- commandArgs(TRUE); dir <- a[1]
for (g in a[-1]) {
  b <- read.evaluate(file.path(dir, paste0(g, ".txt")))
  cols <- names(b[[1]])
  ms <- intersect(c("R:ets", "R:stlf", "R:arima", "R:tbats"), cols) # R's automatic methods the group has (tbats: the shapes groups)
  au <- sapply(b, function(x) x[["auto"]])
  best <- sapply(b, function(x) min(x[ms], na.rm = TRUE))
  single <- sapply(intersect(c(ms, "R:snaive", "R:thetaf"), cols), function(m) mean(sapply(b, function(x) x[[m]])))
  m <- names(which.min(single[ms])) # a method without forecasts in the group (NaN: stlf without season) is not a candidate
  r <- sapply(b, function(x) x[[m]])
  lr <- log(pmax(au, 1e-6) / pmax(r, 1e-6))[abs(au - r) > 1e-9]
  ratio <- ifelse(abs(au - best) < 1e-9, 1, au / best)
  worst <- sort(ratio, decreasing = TRUE)[1:min(3, length(ratio))]
  cat(sprintf("%s: %d series; auto mean %.3f median %.3f | %s | R best/series %.3f | auto >= R best on %d | > 1.2x R best: %d (%s) | geometric mean auto / R best %.3f | vs %s: better %d, worse %d, Wilcoxon p %.4f\n",
              g, length(b), mean(au), median(au), paste(sprintf("%s %.3f", names(single), single), collapse = " "), mean(best),
              sum(au <= best + 1e-12), sum(ratio > 1.2), paste(names(worst), sprintf("%.2f", worst), collapse = ", "),
              exp(mean(log(pmax(ratio, 1e-6)))), m, sum(au < r - 1e-9), sum(au > r + 1e-9),
              if (length(lr) > 0) suppressWarnings(wilcox.test(lr))$p.value else NA))
}
