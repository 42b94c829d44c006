#!/usr/bin/env Rscript
# Exports series of R's base `datasets` package as leptoid CSVs and R forecast's own forecasts
# from the same rolling origins, for `leptoid evaluate --reference` (data leptoid was not tuned on).
# usage (from the project root): Rscript tools/r/r-datasets-evaluation.R [GROUP...]  (default: every group)
# writes GROUP/<series>.csv and r-forecasts-GROUP.csv (series,cut,method,step,mean) per group.
# Needs R with the forecast package (Debian: apt-get install r-base-core r-cran-forecast).
# R is never a dependency of the build: the outputs are committed under src/test/resources/forecast/rdatasets/.
suppressMessages(library(forecast))
# the third holdout's series (AER and tseries data sets, loaded into one environment)
h3 <- new.env()
data(DutchSales, FrozenJuice, USMacroSWM, UKNonDurables, USProdIndex, UKInflation, USMacroSWQ, package = "AER", envir = h3)
data(nino, NelPlo, bev, package = "tseries", envir = h3)
out <- "src/test/resources/forecast/rdatasets"

# group: directory, the step leptoid sees (seconds; leptoid infers its periods from it),
# horizon H and number of origins K (origins at n - K*H, ..., n - H, as `leptoid evaluate`).
# daily: EuStockMarkets (business days, frequency 260) is written on consecutive days, so leptoid
# sees a daily step (periods 7 and 365); R keeps frequency 260. There auto.arima searches no
# seasonal terms (seasonal = FALSE): with period 260 its seasonal search did not finish one series
# in 17 minutes (R 4.2.2, two shared cores); ets() ignores seasons > 24 by itself, stlf uses 260.
groups <- list(
  monthly   = list(step = 30 * 86400, h = 12, k = 3, series = list(
    AirPassengers = AirPassengers, USAccDeaths = USAccDeaths, nottem = nottem, co2 = co2,
    ldeaths = ldeaths, mdeaths = mdeaths, fdeaths = fdeaths, UKDriverDeaths = UKDriverDeaths)),
  quarterly = list(step = 91 * 86400, h = 8, k = 3, series = list(
    UKgas = UKgas, JohnsonJohnson = JohnsonJohnson, austres = austres)),
  daily     = list(step = 86400, h = 20, k = 3, arima.seasonal = FALSE, series = list(
    EuStockMarkets_DAX = EuStockMarkets[, "DAX"], EuStockMarkets_SMI = EuStockMarkets[, "SMI"],
    EuStockMarkets_CAC = EuStockMarkets[, "CAC"], EuStockMarkets_FTSE = EuStockMarkets[, "FTSE"])),
  yearly    = list(step = 365 * 86400, h = 10, k = 3, series = list(
    Nile = Nile, lynx = lynx, LakeHuron = LakeHuron)),
  # holdout groups: series not looked at while designing leptoid's automatic choice (issue 18),
  # evaluated before and after a change to it. Base R datasets and the forecast package's own data
  # (wineind, gas, woolyrnq); quarterly sums of wineind and gas are a second quarterly shape.
  # WWWusage (per minute) and BJsales (no time unit) are given a yearly step: no season implied.
  "holdout/monthly"   = list(step = 30 * 86400, h = 12, k = 3, series = list(
    wineind = wineind, gas = gas, DriversKilled = Seatbelts[, "DriversKilled"])),
  "holdout/quarterly" = list(step = 91 * 86400, h = 8, k = 3, series = list(
    woolyrnq = woolyrnq, wineind_q = aggregate(wineind, nfrequency = 4), gas_q = aggregate(gas, nfrequency = 4))),
  "holdout/yearly"    = list(step = 365 * 86400, h = 10, k = 3, series = list(
    BJsales = BJsales, sunspot.year = sunspot.year, WWWusage = WWWusage)),
  # a second holdout (issue 18, ETS agreement with R): made before that change and run once before
  # and once after it. Seatbelts' other columns (front- and rear-seat casualties, van drivers
  # killed: counts, not used above), the monthly sunspot numbers since 1980 (no 12-month season),
  # their quarterly sums; yearly nhtemp and discoveries.
  "holdout2/monthly"   = list(step = 30 * 86400, h = 12, k = 3, series = list(
    front = Seatbelts[, "front"], rear = Seatbelts[, "rear"], VanKilled = Seatbelts[, "VanKilled"],
    sunspot.month = window(sunspot.month, start = 1980))),
  "holdout2/quarterly" = list(step = 91 * 86400, h = 8, k = 3, series = list(
    front_q = aggregate(Seatbelts[, "front"], nfrequency = 4), rear_q = aggregate(Seatbelts[, "rear"], nfrequency = 4),
    VanKilled_q = aggregate(Seatbelts[, "VanKilled"], nfrequency = 4),
    sunspot_q = aggregate(window(sunspot.month, start = 1900), nfrequency = 4))),
  "holdout2/yearly"    = list(step = 365 * 86400, h = 10, k = 3, series = list(
    nhtemp = nhtemp, discoveries = discoveries)),
  # a third holdout (issue 18, CV on the estimator used, Theta): made before those changes from
  # series used nowhere before, run once with the code before them and once after. Packages that
  # ship with the R installation used here: AER (DutchSales, FrozenJuice, USMacroSWM, UKNonDurables,
  # USProdIndex, UKInflation, USMacroSWQ) and tseries (nino3, NelPlo, bev); base lh. Windows only
  # to keep monthly series under 500 points like the others (nino3 since 1960, FrozenJuice's
  # price since 1980, USMacroSWM's industrial production since 1975).
  "holdout3/monthly"   = list(step = 30 * 86400, h = 12, k = 3, series = list(
    DutchSales = h3$DutchSales, nino3 = window(h3$nino3, start = 1960),
    juice_price = window(h3$FrozenJuice[, "price"], start = 1980),
    us_production = window(h3$USMacroSWM[, "production"], start = 1975))),
  "holdout3/quarterly" = list(step = 91 * 86400, h = 8, k = 3, series = list(
    UKNonDurables = h3$UKNonDurables, USProdIndex = h3$USProdIndex[, "unadjusted"],
    UKInflation = h3$UKInflation[, "actual"], us_gdp = h3$USMacroSWQ[, "gdp"])),
  "holdout3/yearly"    = list(step = 365 * 86400, h = 10, k = 3, series = list(
    bev = h3$bev, unemp = na.omit(h3$NelPlo[, "unemp"]), stock_prices = na.omit(h3$NelPlo[, "stock.prices"]), lh = lh))
)
start <- 946684800 # 2000-01-01T00:00:00Z: only the spacing matters
args <- commandArgs(trailingOnly = TRUE)
for (g in if (length(args) > 0) args else names(groups)) {
  grp <- groups[[g]]
  rows <- list()
  dir.create(file.path(out, g), showWarnings = FALSE, recursive = TRUE)
  for (s in names(grp$series)) {
    y <- grp$series[[s]]
    n <- length(y)
    write.csv(data.frame(timestamp = format(start + (seq_len(n) - 1) * grp$step, scientific = FALSE),
                         value = as.numeric(y)), file.path(out, g, paste0(s, ".csv")), row.names = FALSE, quote = FALSE)
    for (o in grp$k:1) {
      cut <- n - o * grp$h
      train <- ts(as.numeric(y)[1:cut], frequency = frequency(y), start = start(y))
      fc <- list(
        ets = function() forecast(ets(train), h = grp$h)$mean,
        stlf = function() if (frequency(train) > 1) stlf(train, h = grp$h)$mean else rep(NA, grp$h),
        auto.arima = function() forecast(auto.arima(train, seasonal = is.null(grp$arima.seasonal) || grp$arima.seasonal), h = grp$h)$mean,
        snaive = function() snaive(train, h = grp$h)$mean)
      for (m in names(fc)) {
        mu <- tryCatch(as.numeric(fc[[m]]()), error = function(e) rep(NA, grp$h))
        rows[[length(rows) + 1]] <- data.frame(series = s, cut = cut, method = m, step = seq_len(grp$h), mean = mu)
      }
    }
    cat(g, s, n, "\n")
  }
  write.csv(do.call(rbind, rows), file.path(out, paste0("r-forecasts-", gsub("/", "-", g), ".csv")), row.names = FALSE, quote = FALSE, na = "NA")
}
writeLines(paste("R", R.version$major, R.version$minor, "forecast", as.character(packageVersion("forecast"))),
           file.path(out, "r-forecasts.version"))
