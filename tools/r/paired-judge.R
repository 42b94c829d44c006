#!/usr/bin/env Rscript
# Paired per-series judge of a change to `auto` (issue 18, holdout4): reads the outputs of
# `leptoid evaluate ... --reference r-forecasts-GROUP.csv DIR` saved as BEFORE/GROUP.txt and
# AFTER/GROUP.txt and prints per group the mean MASE of `auto` before and after, R's best automatic
# method (ets, stlf, auto.arima) per series, the share of series where auto is at least as good, and
# for all the groups' series pooled: the mean difference, the two-sided Wilcoxon signed-rank test of
# the per-series log ratios log(after / before) (equal series dropped) and the sign test.
# usage: Rscript tools/r/paired-judge.R BEFORE_DIR AFTER_DIR GROUP...   (GROUP: file name without .txt)
read.evaluate <- function(path) {
  lines <- readLines(path)
  head <- which(startsWith(lines, "series "))[1]
  cols <- strsplit(trimws(lines[head]), " +")[[1]]
  rows <- list()
  for (l in lines[(head + 1):length(lines)]) {
    if (grepl("^(mean|median|max|R's) ", l) || l == "") break
    if (startsWith(l, " ")) next
    f <- strsplit(trimws(l), " +")[[1]]
    if (length(f) < length(cols) - 1 || f[3] == "skipped:") next
    v <- suppressWarnings(as.numeric(f[2:(length(cols) - 1)]))
    names(v) <- cols[2:(length(cols) - 1)]
    rows[[f[1]]] <- v
  }
  rows
}
args <- commandArgs(trailingOnly = TRUE)
before <- args[1]; after <- args[2]; groups <- args[-(1:2)]
pool <- data.frame()
cat(sprintf("%-22s %4s %8s %8s %8s %10s %10s\n", "group", "n", "before", "after", "R best", ">=R before", ">=R after"))
for (g in groups) {
  b <- read.evaluate(file.path(before, paste0(g, ".txt")))
  a <- read.evaluate(file.path(after, paste0(g, ".txt")))
  s <- intersect(names(b), names(a))
  best <- sapply(s, function(x) min(b[[x]][intersect(c("R:ets", "R:stlf", "R:arima"), names(b[[x]]))], na.rm = TRUE))
  mb <- sapply(s, function(x) b[[x]][["auto"]]); ma <- sapply(s, function(x) a[[x]][["auto"]])
  cat(sprintf("%-22s %4d %8.3f %8.3f %8.3f %10s %10s\n", g, length(s), mean(mb), mean(ma), mean(best),
              paste0(sum(mb <= best), "/", length(s)), paste0(sum(ma <= best), "/", length(s))))
  pool <- rbind(pool, data.frame(group = g, series = s, before = mb, after = ma, best = best))
}
d <- pool$after - pool$before
r <- log(pmax(pool$after, 1e-6) / pmax(pool$before, 1e-6)) # a MASE of 0 (a constant held-out stretch forecast exactly) floored
r[abs(d) < 1e-9] <- 0
nz <- abs(r) > 1e-9
cat(sprintf("pooled: %d series, %d changed (%d better, %d worse); mean before %.4f after %.4f (difference %+.4f); median log ratio of the changed %+.4f\n",
            nrow(pool), sum(nz), sum(r < -1e-9), sum(r > 1e-9), mean(pool$before), mean(pool$after), mean(d),
            if (any(nz)) median(r[nz]) else 0))
if (sum(nz) >= 1) {
  w <- suppressWarnings(wilcox.test(r[nz], mu = 0, exact = sum(nz) < 50))
  sg <- binom.test(sum(r < -1e-9), sum(nz))
  cat(sprintf("Wilcoxon signed-rank (log ratios) p = %.4f; sign test p = %.4f\n", w$p.value, sg$p.value))
}
for (i in which(nz)) cat(sprintf("  %s %s %.3f -> %.3f (R best %.3f)\n", pool$group[i], pool$series[i], pool$before[i], pool$after[i], pool$best[i]))
