#!/usr/bin/env Rscript
# R forecast's `taylor` (half-hourly electricity demand, England and Wales; Taylor 2003) as a backtest trace:
# 'timestamp,value' at 30-minute steps, scaled linearly so its mean is 500 (requests per second), the rule
# BundledTraces applies to the NAB traces (docs/backtest.md, "Bundled traces and how they become requests").
# usage (from the project root): Rscript tools/r/taylor-trace.R
# R is never a dependency of the build: the output is committed as
# src/test/resources/dev/leptoid/data/taylor/taylor.csv (see the README.md beside it for source and licence).
#
# Dates: the series itself is a msts without dates (start 1, seasonal periods 48 and 336). They come from its
# documentation (?taylor): "Half-hourly electricity demand in England and Wales from Monday 5 June 2000 to
# Sunday 27 August 2000". The first value is taken as the half hour starting 2000-06-05 00:00 local time;
# British Summer Time holds over the whole span (it ran 26 March - 29 October 2000), so local clock times are
# a regular 30-minute grid. They are written without a zone (the backtest reads that as UTC, as the NAB
# traces' own timestamps); only the times of day and days of week matter to the replay.
suppressPackageStartupMessages(library(forecast))
x <- as.numeric(taylor)
stopifnot(length(x) == 12 * 7 * 48, all(is.finite(x)))
t0 <- as.POSIXct("2000-06-05 00:00:00", tz = "UTC")
times <- format(t0 + (seq_along(x) - 1) * 1800, "%Y-%m-%d %H:%M:%S", tz = "UTC")
out <- data.frame(timestamp = times, value = sprintf("%.4f", x * 500 / mean(x)))
dir <- "src/test/resources/dev/leptoid/data/taylor"
dir.create(dir, recursive = TRUE, showWarnings = FALSE)
write.csv(out, file.path(dir, "taylor.csv"), row.names = FALSE, quote = FALSE)
cat(sprintf("taylor: %d half hours, %s to %s, mean %.0f MW -> 500 req/s (forecast %s)\n", length(x), times[1],
            times[length(x)], mean(x), packageDescription("forecast")$Version))
